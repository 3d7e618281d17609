/**
 * The checks every IPC request passes before a handler runs: the sender must be the app's own page in our window,
 * the channel must be in the contract, the payload under its size limit and valid against its schema.
 * No `electron` import, so it is unit-tested without an Electron binary.
 */
import { fail, type Result } from '../../src-shared/contract/result.ts';
import { utf8Length } from '../../src-shared/contract/validate.ts';
import { dispatch, type Handlers } from '../session/handlers.ts';

export interface IpcSender {
  /** URL of the frame that sent the request (null when the frame is gone). */
  frameUrl: string | null;
  /** Id of the sending web contents, compared with our window's. */
  webContentsId: number;
}

export interface IpcGuardOptions {
  handlers: Handlers;
  isAppUrl: (url: string) => boolean;
  /** The web contents ids of our own windows. */
  trustedContents: () => number[];
}

/** Size of an IPC payload as JSON; values JSON cannot express (functions, cycles) are refused. */
export function payloadBytes(payload: unknown): number | null {
  try {
    const text = JSON.stringify(payload ?? {});
    return text === undefined ? null : utf8Length(text);
  } catch {
    return null;
  }
}

export async function guardedInvoke(
  options: IpcGuardOptions,
  sender: IpcSender,
  channel: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!options.trustedContents().includes(sender.webContentsId) || sender.frameUrl === null || !options.isAppUrl(sender.frameUrl)) {
    return fail('forbidden', 'This request did not come from the PathReg Studio window and was refused.');
  }
  const bytes = payloadBytes(payload);
  if (bytes === null)
    return fail('invalid-request', `The request to "${String(channel)}" holds values that cannot be sent (only plain data is allowed).`);
  return dispatch(options.handlers, channel, payload, bytes);
}
