import { z } from 'zod';
import { AppIdInventory } from '../domain/appids/model';
import { AuditReportSchema } from '../domain/audit/report';
import { MachineIdentitySchema } from '../domain/audit/machine';
import { changeChannels, changeEvents } from './changes';
import { fleetChannels } from './fleet';
import { CHANNEL, type NamedChannel, type NamedEvent } from './names';

export { channelNames, eventNames, isChannelName, isEventName } from './names';

/**
 * The one IPC contract: the schema of every channel's request and response, keyed by the names in names.ts (each
 * written once there); main, preload and renderer all take their names and types from here.
 */

/** The backend an admin can choose for the app on Windows: reg.exe (the default) or regedit (Windows Script Host). */
export const RegistryBackendSetting = z.enum(['reg-exe', 'regedit']);
export type RegistryBackendSetting = z.infer<typeof RegistryBackendSetting>;

/**
 * What chose the registry backend, as the About page names it: a command-line option (`--registry`), an environment
 * variable (named), the app's saved setting, or nothing (SinkGuard's default for the platform).
 */
export const RegistryChoiceSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('option'), name: z.string() }),
  z.object({ kind: z.literal('environment'), name: z.string() }),
  z.object({ kind: z.literal('settings') }),
  z.object({ kind: z.literal('default') }),
]);
export type RegistryChoiceSource = z.infer<typeof RegistryChoiceSource>;

/**
 * The machine SinkGuard reads, as far as it can tell without guessing: its name, its Windows build (or which
 * simulated machine it is) and its domain or workgroup membership (`unknown` with why, rather than invented).
 */
export const MachineIdentity = MachineIdentitySchema;
export type MachineIdentity = z.infer<typeof MachineIdentity>;

export const RegistryBackendInfo = z.object({
  kind: z.enum(['simulated', 'reg-exe', 'regedit']),
  /** What is in use, e.g. "simulated machine: legacy" or "reg.exe (64-bit view)". */
  description: z.string(),
  /** Why this backend was chosen, e.g. "the default on Windows". */
  reason: z.string(),
  /** What chose it (the reason above says it in words). */
  chosenBy: RegistryChoiceSource,
  /** The saved choice for the app's next start, and why it cannot be changed here (null when it can). */
  setting: z.object({ nextStart: RegistryBackendSetting, locked: z.string().nullable() }),
});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  /** How the app runs: the Electron app, or the browser preview (development only, always simulated). */
  runtime: z.enum(['electron', 'preview']),
  electronVersion: z.string().nullable(),
  /** Whether the process can write HKLM; null when it cannot be told. */
  elevated: z.boolean().nullable(),
  /** Whether "Relaunch as administrator" can work here (the Windows app; never the preview). */
  canRelaunchElevated: z.boolean(),
  registry: RegistryBackendInfo,
  machine: MachineIdentity,
});
export type AppInfo = z.infer<typeof AppInfo>;

const Empty = z.object({}).strict();

/** The renderer names a profile, never a file path: the built-in profiles only. */
export const ProfileName = z.enum(['recommended', 'strict']);

export const ProfileSummary = z.object({
  name: ProfileName,
  description: z.string(),
  managementScope: z.array(z.string()),
});

const channel = <Request extends z.ZodType, Response extends z.ZodType>(
  request: Request,
  response: Response,
) => ({
  request,
  response,
});

export const channels = {
  [CHANNEL.appInfo]: channel(Empty, AppInfo),
  /** Starts SinkGuard again through UAC and quits this instance; fails with not-elevated if the admin declines. */
  [CHANNEL.appRelaunchElevated]: channel(Empty, z.object({ relaunching: z.literal(true) })),
  /** Saves the registry backend the app uses from its next start (Windows app only; needs elevation). */
  [CHANNEL.settingsRegistryBackend]: channel(
    z.object({ backend: RegistryBackendSetting }).strict(),
    z.object({ nextStart: RegistryBackendSetting }),
  ),
  [CHANNEL.profilesList]: channel(Empty, z.array(ProfileSummary)),
  /** Reads every key the audit needs in one batch and measures the machine against the profile. */
  [CHANNEL.auditRun]: channel(z.object({ profile: ProfileName }).strict(), AuditReportSchema),
  /**
   * Every DCOM application (AppID) with identity, hosting, permissions and findings, weighed against the profile's
   * AppID rules (default: recommended); `atFaultOnly` leaves out the applications not at fault.
   */
  [CHANNEL.appIdsList]: channel(
    z.object({ profile: ProfileName.optional(), atFaultOnly: z.boolean().optional() }).strict(),
    AppIdInventory,
  ),
  /** plan:create, plan:apply, history:list, backup:restore, recovery:status (main/contract/changes.ts). */
  ...changeChannels,
  /** fleet:export (main/contract/fleet.ts). */
  ...fleetChannels,
} as const;

export type ChannelName = keyof typeof channels;
/** What the renderer sends. */
export type ChannelRequest<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
/** What a handler receives, after validation and defaults. */
export type ValidChannelRequest<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;

/** Compiles only while the channel map and names.ts name the same channels (names.ts feeds the preload). */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const channelMapMatchesNames: SameKeys<ChannelName, NamedChannel> = true;

/** Events main pushes to the renderer (progress of long operations), each with the schema of its payload. */
export const events = { ...changeEvents } as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const eventMapMatchesNames: SameKeys<EventName, NamedEvent> = true;

/** How main emits an event; each transport (Electron, preview) implements it. */
export type Publish = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
