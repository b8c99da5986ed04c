/** Typed registry failures: every adapter maps its backend's failures onto these codes. */
export type RegistryErrorCode = 'key-missing' | 'access-denied' | 'backend-unavailable' | 'malformed-data';

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    /** The key (and value) concerned, or the `.reg` line, when known. */
    readonly where?: { readonly key?: string; readonly value?: string; readonly line?: number },
  ) {
    super(message);
  }
}
