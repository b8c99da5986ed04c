import { hostname, release } from 'node:os';
import type { AuditBackend, AuditMachine } from '../domain/audit/index';
import { APP_VERSION } from '../platform/version';
import type { RegistryPort } from '../registry/types';
import { readMachineIdentity } from './machine-identity';

/** What an offline audit knows beyond the export itself: the collector's manifest, when there is one. */
export interface OfflineFacts {
  readonly hostName: string | null;
  readonly osBuild: string | null;
  readonly collectedAt: string | null;
  readonly keysNotInExport: readonly string[];
}

/**
 * The `machine` block of an audit report: the identity read through the same port as the audit, when and how it was
 * read and by which SinkGuard. Offline (`offline` given) nothing of the auditing machine itself goes in.
 */
export async function auditMachineBlock(
  port: RegistryPort,
  context: {
    readonly platform: NodeJS.Platform;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly offline?: OfflineFacts;
    readonly now?: Date;
    readonly version?: string;
  },
): Promise<AuditMachine> {
  const { offline } = context;
  const backend: AuditBackend = offline ? 'reg-file' : port.kind;
  const identity = await readMachineIdentity(port, {
    platform: context.platform,
    env: context.env,
    hostname: offline ? offline.hostName : hostname(),
    osRelease: offline ? '' : release(),
    collectedOsBuild: offline?.osBuild ?? null,
    backend,
  });
  return {
    ...identity,
    time: (context.now ?? new Date()).toISOString(),
    collectedAt: offline?.collectedAt ?? null,
    backend,
    source: port.description,
    sinkguardVersion: context.version ?? APP_VERSION,
    keysNotInExport: offline ? [...offline.keysNotInExport] : null,
  };
}
