/**
 * The name of every IPC channel and event, written once. The schemas (ipc.ts, changes.ts) are keyed by these
 * constants; the sandboxed preload imports only this file (and result.ts), so it bundles no zod and no domain code.
 */
export const CHANNEL = {
  appInfo: 'app:info',
  appRelaunchElevated: 'app:relaunch-elevated',
  settingsRegistryBackend: 'settings:registry-backend',
  profilesList: 'profiles:list',
  auditRun: 'audit:run',
  appIdsList: 'appids:list',
  planCreate: 'plan:create',
  planApply: 'plan:apply',
  historyList: 'history:list',
  backupRestore: 'backup:restore',
  backupRestorePlan: 'backup:restore-plan',
  fleetExport: 'fleet:export',
  recoveryStatus: 'recovery:status',
} as const;

export const EVENT = {
  applyProgress: 'apply:progress',
} as const;

/** ipc.ts checks at compile time that its channel map has exactly these keys. */
export type NamedChannel = (typeof CHANNEL)[keyof typeof CHANNEL];
export type NamedEvent = (typeof EVENT)[keyof typeof EVENT];

export const channelNames: readonly NamedChannel[] = Object.freeze(Object.values(CHANNEL));
export const eventNames: readonly NamedEvent[] = Object.freeze(Object.values(EVENT));

export const isChannelName = (value: unknown): value is NamedChannel =>
  typeof value === 'string' && (channelNames as readonly string[]).includes(value);

export const isEventName = (value: unknown): value is NamedEvent =>
  typeof value === 'string' && (eventNames as readonly string[]).includes(value);
