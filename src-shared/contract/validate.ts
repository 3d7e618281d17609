/**
 * Payload validation shared by both transports: size first (cheap, before any parsing of structure),
 * then the channel's strict schema. Returns values, never throws.
 */
import { fail, ok, type Result } from './result.ts';
import { requestSchemas } from './schemas.ts';
import { isChannel, maxRequestBytes, type Channel, type RequestOf } from './channels.ts';

/** UTF-8 length of a string without TextEncoder allocations for big uploads. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Checks the size in bytes of an encoded request against the channel's limit. */
export function checkRequestSize(channel: Channel, bytes: number): Result<null> {
  const limit = maxRequestBytes(channel);
  if (bytes > limit) {
    return fail(
      'too-large',
      `The request to "${channel}" is ${formatBytes(bytes)}, over its limit of ${formatBytes(limit)}. ` +
        (channel === 'dataset:upload' || channel === 'run:import' || channel === 'run:score'
          ? 'Open large files by their path instead of uploading them.'
          : 'Send less data.'),
    );
  }
  return ok(null);
}

/** Validates a decoded payload against the channel's schema; unknown fields and wrong types are refused by name. */
export function validateRequest<C extends Channel>(channel: C, payload: unknown): Result<RequestOf<C>> {
  const schema = requestSchemas[channel];
  const parsed = schema.safeParse(payload ?? undefined);
  if (parsed.success) return ok(parsed.data as RequestOf<C>);
  const details = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(request)';
    return `${where}: ${issue.message}`;
  });
  return fail('invalid-request', `The request to "${channel}" was refused: ${details.join('; ')}.`, details);
}

/** Full check for a raw request: channel known, size within limit, schema valid. */
export function validateRawRequest(channel: unknown, payload: unknown, bytes: number): Result<{ channel: Channel; request: unknown }> {
  if (!isChannel(channel)) {
    return fail('unknown-channel', `There is no channel named ${JSON.stringify(String(channel).slice(0, 80))}.`);
  }
  const size = checkRequestSize(channel, bytes);
  if (!size.ok) return size;
  const valid = validateRequest(channel, payload);
  if (!valid.ok) return valid;
  return ok({ channel, request: valid.value });
}
