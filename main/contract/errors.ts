import { z } from 'zod';
import { CHANGE_REFUSAL_CODES } from '../domain/changes/vocabulary';

/**
 * Every failure that crosses IPC is one of these codes: the renderer shows a specific message and the way forward
 * for each, never a stack trace.
 */
export const IpcErrorCode = z.enum([
  /** The payload did not match the channel's schema. */
  'invalid-request',
  /** No such channel in the contract. */
  'unknown-channel',
  /** The call came from a frame that is not the app's own page. */
  'forbidden-sender',
  /** A change refused before anything was written (not elevated, policy-managed, stale plan, ...): see vocabulary. */
  ...CHANGE_REFUSAL_CODES,
  'internal',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcError = z.object({
  code: IpcErrorCode,
  message: z.string(),
  /** Where applicable: the field, key or position the message is about. */
  details: z.array(z.string()).optional(),
});
export type IpcError = z.infer<typeof IpcError>;

export { ipcFailure, type IpcResult } from './result';

/** Thrown by a handler to fail with a specific code; the router turns it into an `IpcError`. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
  }
}
