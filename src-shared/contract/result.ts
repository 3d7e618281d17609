/**
 * Errors cross every process boundary as values, never as thrown exceptions (house style 3).
 * Pure types and helpers only: the renderer imports this file.
 */

/** Why a request failed, so a client can decide what to show (the message is always for the user). */
export type ErrorCode =
  | 'invalid-request' // the payload did not match the channel's schema
  | 'too-large' // the payload is over the channel's size limit
  | 'unauthorized' // browser shell: missing or wrong token
  | 'forbidden' // Electron: the sender is not our window
  | 'unknown-channel'
  | 'not-found' // a dataset, run or file that does not exist
  | 'bad-input' // the user's file or settings cannot be used (the message says where and what to do)
  | 'conflict' // the request does not fit the current state (e.g. resuming a run that is not paused)
  | 'unavailable' // an engine or feature cannot run on this machine
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  /** One or two sentences for a biologist: what is wrong, where, and what to do. */
  message: string;
  /** Extra lines (e.g. one per rejected field). */
  details?: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, details?: string[]): Result<T> {
  return details && details.length > 0 ? { ok: false, error: { code, message, details } } : { ok: false, error: { code, message } };
}

/** Turns anything thrown inside a handler into an error value; messages written for users pass through unchanged. */
export function errorFromUnknown(error: unknown, code: ErrorCode = 'internal'): ErrorInfo {
  if (error instanceof UserError) return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  return { code, message };
}

/** An error whose message is already written for the user; handlers throw it and transports turn it into a value. */
export class UserError extends Error {
  readonly code: ErrorCode;
  readonly details?: string[];
  constructor(code: ErrorCode, message: string, details?: string[]) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    if (details) this.details = details;
  }
}
