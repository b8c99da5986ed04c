import { z } from 'zod';
import { SEVERITIES } from '../catalog/types';

/**
 * The DCOM application inventory: every AppID under HKLM\SOFTWARE\Classes\AppID (and its 32-bit view under
 * WOW6432Node) as an admin needs to see it — who the server runs as, how it is hosted, who may launch and call it,
 * and what is wrong with that. One schema serves the IPC contract, `appid list --json` and the renderer.
 */

/** Which registry view the AppID key was found in. */
export const AppIdView = z.enum(['64-bit', '32-bit']);
export type AppIdView = z.infer<typeof AppIdView>;

/**
 * How COM starts the server. `service`: the AppID's `LocalService` names a Windows service, whose logon account
 * (Services\<name>\ObjectName) is the identity and RunAs is ignored. `surrogate`: `DllSurrogate` (dllhost.exe).
 * `local-server`: an executable registered under a CLSID's LocalServer32 (or unknown: nothing else says otherwise).
 */
export const AppIdHosting = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('service'),
    service: z.string(),
    /** The service's ObjectName (e.g. `LocalSystem`, `NT AUTHORITY\NetworkService`); null when it could not be read. */
    account: z.string().nullable(),
  }),
  /** `path`: the custom surrogate's executable; null for dllhost.exe (the value is empty). */
  z.object({ kind: z.literal('surrogate'), path: z.string().nullable() }),
  z.object({ kind: z.literal('local-server') }),
]);
export type AppIdHosting = z.infer<typeof AppIdHosting>;

/**
 * Whom the server runs as. `launching-user`: RunAs absent (the client's identity; a server that calls back with it
 * from another machine arrives as ANONYMOUS LOGON). `service`: the hosting service's account, RunAs ignored.
 */
export const AppIdIdentity = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('launching-user') }),
  z.object({ kind: z.literal('interactive-user') }),
  z.object({ kind: z.literal('local-service') }),
  z.object({ kind: z.literal('network-service') }),
  z.object({ kind: z.literal('local-system') }),
  z.object({ kind: z.literal('account'), name: z.string() }),
  z.object({ kind: z.literal('service'), account: z.string().nullable() }),
]);
export type AppIdIdentity = z.infer<typeof AppIdIdentity>;

/** One grant in an application's ACL, in admins' words (principal and rights), with its SID for the details. */
export const AppIdGrant = z.object({
  principal: z.string(),
  sid: z.string(),
  allow: z.array(z.string()),
  deny: z.array(z.string()),
});

/**
 * An application's launch or access permission: its own descriptor, or the machine default (the value absent).
 * `problem`: the value exists but COM cannot use it (wrong type, corrupt descriptor).
 */
export const AppIdPermission = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('machine-default') }),
  z.object({ kind: z.literal('custom'), sddl: z.string(), grants: z.array(AppIdGrant) }),
  z.object({ kind: z.literal('invalid'), problem: z.string() }),
]);
export type AppIdPermission = z.infer<typeof AppIdPermission>;

/** Why an application is at fault; `code` is stable for filtering and tests, `text` is the admin's sentence. */
export const AppIdFindingCode = z.enum([
  'identity-cannot-authenticate',
  'remote-grant-anonymous',
  'remote-grant-everyone',
  'authentication-below-profile',
  'invalid-value',
  'unreadable',
]);
export type AppIdFindingCode = z.infer<typeof AppIdFindingCode>;

export const AppIdFinding = z.object({
  code: AppIdFindingCode,
  severity: z.enum(SEVERITIES),
  text: z.string(),
});
export type AppIdFinding = z.infer<typeof AppIdFinding>;

export const AppIdEntry = z.object({
  /** `{xxxxxxxx-...}` as the key is spelled. */
  guid: z.string(),
  view: AppIdView,
  /** The default value, else the executable or CLSID that names it, else the GUID. */
  name: z.string(),
  /** Executables mapped to this AppID by the `program.exe` keys beside it. */
  executables: z.array(z.string()),
  hosting: AppIdHosting,
  identity: AppIdIdentity,
  /** RPC_C_AUTHN_LEVEL 1-6; null: not set (the machine's LegacyAuthenticationLevel applies). */
  authenticationLevel: z.number().int().nullable(),
  access: AppIdPermission,
  launch: AppIdPermission,
  findings: z.array(AppIdFinding),
});
export type AppIdEntry = z.infer<typeof AppIdEntry>;

export const AppIdInventory = z.object({
  entries: z.array(AppIdEntry),
  /** Keys that could not be read (path and why); the entries below them are missing, never guessed. */
  unreadable: z.array(z.object({ path: z.string(), problem: z.string() })),
});
export type AppIdInventory = z.infer<typeof AppIdInventory>;

/**
 * A change to one application, as `appid set` and the wizard ask for it. `runAs`: the identity to set (RunAs value;
 * `launching-user` removes it). `access`/`launch`: an SDDL descriptor, or `default` (the value removed: the machine
 * default applies). A named account is never set here: its password belongs to Component Services.
 */
export const AppIdChange = z
  .object({
    runAs: z.enum(['network-service', 'local-service', 'interactive-user', 'launching-user']).optional(),
    access: z.union([z.literal('default'), z.object({ sddl: z.string().max(65536) }).strict()]).optional(),
    launch: z.union([z.literal('default'), z.object({ sddl: z.string().max(65536) }).strict()]).optional(),
    authenticationLevel: z.number().int().min(1).max(6).optional(),
  })
  .strict();
export type AppIdChange = z.infer<typeof AppIdChange>;
