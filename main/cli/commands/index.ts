import type { RegisterCommand } from '../program';

/** One subcommand: its name and summary (all `sinkguard --help` needs) and its module, imported when it runs. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<RegisterCommand>;
}

// Every subcommand is listed once, here. Each module is a dynamic import (its own chunk in out/main), so a
// command loads only what it uses: `sinkguard --help` loads none of them, `audit` none of zod or the change engine.
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'sd',
    summary: 'convert a security descriptor between SDDL, self-relative hex and JSON, as Windows does',
    load: async () => (await import('./sd')).registerSd,
  },
  {
    name: 'fw-rule',
    summary: 'parse a Windows Firewall rule string ([MS-GPFAS] 2.2.2.19) and print it as JSON',
    load: async () => (await import('./fw-rule')).registerFwRule,
  },
  {
    name: 'plan',
    summary: 'show exactly what applying a profile would change (nothing is written)',
    load: async () => (await import('./plan')).registerPlan,
  },
  {
    name: 'apply',
    summary: 'apply a profile as one transaction: back up, write, verify, roll back on any failure',
    load: async () => (await import('./apply')).registerApply,
  },
  {
    name: 'history',
    summary: 'list past applies and restores with their diffs (newest last)',
    load: async () => (await import('./history')).registerHistory,
  },
  {
    name: 'restore',
    summary:
      'undo a recorded change: shows what the restore will do, asks, then puts back exactly the values and ' +
      'firewall rules that change touched (itself backed up first)',
    load: async () => (await import('./restore')).registerRestore,
  },
  {
    name: 'export',
    summary:
      'compile a hardening profile for fleet tools: .reg, PowerShell, Ansible, Registry.pol or GPO SDDL',
    load: async () => (await import('./export')).registerExport,
  },
  {
    name: 'fleet',
    summary:
      'collect the audited keys from many hosts (Ansible or PowerShell collector) and audit the collection offline',
    load: async () => (await import('./fleet')).registerFleet,
  },
  {
    name: 'audit',
    summary:
      'audit WMI callback security, DCOM machine-wide limits and the RPC firewall exposure against a profile',
    load: async () => (await import('./audit')).registerAudit,
  },
  {
    name: 'appid',
    summary:
      'the DCOM applications (AppIDs): `list` and `show` explain identity, hosting, permissions and findings; ' +
      '`set` changes one as a transaction',
    load: async () => (await import('./appid')).registerAppId,
  },
  {
    name: 'exposure',
    summary:
      'who can reach TCP 135, the dynamic RPC ports and WMI callbacks (unsecapp.exe), per firewall profile',
    load: async () => (await import('./exposure')).registerExposure,
  },
  {
    name: 'profile',
    summary: 'print a built-in hardening profile or the profile file schema, to copy and edit',
    load: async () => (await import('./profile')).registerProfile,
  },
];

/** The command `args` run (`help <command>` asks for that command's help), or undefined for the program's own help. */
export function commandFor(args: readonly string[]): CommandEntry | undefined {
  const first = args.findIndex((arg) => !arg.startsWith('-'));
  const name = args[first] === 'help' ? args[first + 1] : args[first];
  return COMMANDS.find((entry) => entry.name === name);
}
