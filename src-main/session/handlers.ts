/**
 * The contract's handlers as plain async functions, independent of the transport. A handler receives a request
 * that has already passed the channel's schema, and throws UserError for anything the user must fix.
 */
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract/channels.ts';
import { errorFromUnknown, fail, ok, type Result } from '../../src-shared/contract/result.ts';
import { validateRawRequest } from '../../src-shared/contract/validate.ts';

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/**
 * Validates and runs one request. Both transports call this, so the checks cannot differ between them;
 * `bytes` is the size of the request as it arrived (JSON text for HTTP, structured-clone estimate for IPC).
 */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, bytes: number): Promise<Result<unknown>> {
  const valid = validateRawRequest(channel, payload, bytes);
  if (!valid.ok) return valid;
  const handler = handlers[valid.value.channel] as (request: unknown) => Promise<unknown>;
  try {
    return ok(await handler(valid.value.request));
  } catch (error) {
    const info = errorFromUnknown(error);
    return fail(info.code, info.message, info.details);
  }
}
