import type { IpcError, IpcErrorCode } from './errors';

/** What every call returns. Apart from errors.ts (which holds the zod schema of IpcError) so the preload needs no zod. */
export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export const ipcFailure = (code: IpcErrorCode, message: string, details?: string[]): IpcResult<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});
