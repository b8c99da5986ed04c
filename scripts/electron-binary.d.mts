/** Where Electron's binary is (ELECTRON_OVERRIDE_DIST_PATH honoured, as Electron does), or null when it is missing. */
export function electronBinary(env?: Readonly<Record<string, string | undefined>>): string | null;
