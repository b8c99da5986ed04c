/**
 * Synthetic fleets for tests (and the benchmark): N host bundles, as SinkGuard's collectors write them, made from the
 * simulated machines with seeded, realistic variation: which machine a host started as, a few DCOM values changed,
 * extra AppID entries (some with weak authentication levels) and extra firewall rules. A host can be generated with a
 * partial export (a key family missing from its bundle and its manifest, as an older collector would leave it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSameOrBelow } from '../../main/domain/changes/index';
import {
  MANIFEST_FILE_NAME,
  collectorKeys,
  exportFileName,
  type CollectionManifest,
} from '../../main/domain/fleet/manifest';
import { AUDIT_KEYS, AUDIT_KEY_LIST } from '../../main/registry/audit-keys';
import { MACHINE_PROFILES, openSimulatedMachine, type MachineProfile } from '../../main/registry/machines';
import type { SimulatedRegistry } from '../../main/registry/simulated';
import type { ValueWrite } from '../../main/registry/types';

/** A small seeded PRNG (mulberry32): the same seed makes the same fleet. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OLE = AUDIT_KEYS.ole;
const hex = (next: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16))
    .join('')
    .toUpperCase();
const guid = (next: () => number) =>
  `{${hex(next, 8)}-${hex(next, 4)}-${hex(next, 4)}-${hex(next, 4)}-${hex(next, 12)}}`;

export interface HostSpec {
  readonly host: string;
  readonly machine: MachineProfile;
  readonly writes: readonly ValueWrite[];
  /** A key family (a collector key) left out of the bundle and its manifest; null for a full export. */
  readonly missing: string | null;
}

export interface FleetOptions {
  readonly count: number;
  readonly seed: number;
  /** Extra AppID entries and firewall rules per host (inclusive ranges); tests keep them small. */
  readonly appIds?: readonly [number, number];
  readonly rules?: readonly [number, number];
  /** Every how many hosts one has a partial export (0: none). */
  readonly partialEvery?: number;
}

const between = (next: () => number, [low, high]: readonly [number, number]) =>
  low + Math.floor(next() * (high - low + 1));

/** The hosts of a fleet: deterministic for a seed. */
export function fleetSpecs(options: FleetOptions): HostSpec[] {
  const next = random(options.seed);
  const families = [
    AUDIT_KEYS.appId,
    AUDIT_KEYS.policyDcom,
    AUDIT_KEYS.rpcInternet,
    AUDIT_KEYS.firewallRules,
  ];
  return Array.from({ length: options.count }, (_, index): HostSpec => {
    const machine = MACHINE_PROFILES[Math.floor(next() * MACHINE_PROFILES.length)]!;
    const writes: ValueWrite[] = [];
    const level = [null, 2, 4, 5, 6][Math.floor(next() * 5)];
    if (level !== null && level !== undefined)
      writes.push({ key: OLE, name: 'LegacyAuthenticationLevel', value: { type: 'REG_DWORD', data: level } });
    if (next() < 0.2)
      writes.push({
        key: OLE,
        name: 'EnableDCOM',
        value: { type: 'REG_SZ', data: next() < 0.5 ? 'N' : 'Y' },
      });
    for (let app = between(next, options.appIds ?? [0, 6]); app > 0; app--) {
      const key = `${AUDIT_KEYS.appId}\\${guid(next)}`;
      writes.push({ key, name: '', value: { type: 'REG_SZ', data: `Synthetic server ${index}.${app}` } });
      const authentication = next() < 0.1 ? 1 : 6;
      writes.push({ key, name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: authentication } });
    }
    for (let rule = between(next, options.rules ?? [0, 8]); rule > 0; rule--) {
      const port = 1024 + Math.floor(next() * 30000);
      const active = next() < 0.7 ? 'TRUE' : 'FALSE';
      writes.push({
        key: AUDIT_KEYS.firewallRules,
        name: `synthetic-${index}-${rule}`,
        value: {
          type: 'REG_SZ',
          data: `v2.30|Action=Allow|Active=${active}|Dir=In|Protocol=6|LPort=${port}|Name=Synthetic service ${rule}|`,
        },
      });
    }
    const partial = options.partialEvery ? index % options.partialEvery === options.partialEvery - 1 : false;
    return {
      host: `HOST-${String(index + 1).padStart(5, '0')}`,
      machine,
      writes,
      missing: partial ? families[Math.floor(next() * families.length)]! : null,
    };
  });
}

/** The simulated machine a host spec describes. */
export async function openHost(spec: HostSpec): Promise<SimulatedRegistry> {
  const port = await openSimulatedMachine(spec.machine);
  // Every Windows machine has HKLM\SOFTWARE\Classes (the fixtures without AppIDs lack it).
  await port.createKeys(['HKLM\\SOFTWARE\\Classes']);
  if (spec.writes.length > 0) await port.writeValues(spec.writes);
  return port;
}

const KEYS = collectorKeys(AUDIT_KEY_LIST);

/** Writes one host's bundle into `directory/<host>/`, as the collectors do; returns the folder. */
export async function writeBundle(directory: string, spec: HostSpec, collectedAt: string): Promise<string> {
  const port = await openHost(spec);
  const folder = join(directory, spec.host);
  mkdirSync(folder, { recursive: true });
  const keys: CollectionManifest['keys'][number][] = [];
  const snapshots = await port.readKeys(KEYS);
  for (const [index, key] of KEYS.entries()) {
    if (spec.missing !== null && isSameOrBelow(key, spec.missing)) continue;
    if (!snapshots[index]!.exists) {
      keys.push({ key, state: 'absent', file: null, error: null });
      continue;
    }
    const file = exportFileName(index);
    writeFileSync(join(folder, file), await port.exportKeys([key]));
    keys.push({ key, state: 'exported', file, error: null });
  }
  const manifest: CollectionManifest = {
    sinkguardCollection: 1,
    host: spec.host,
    domain: null,
    collectedAt,
    osBuild: `Simulated ${spec.machine}, build 20348`,
    collector: 'ps1',
    keys,
  };
  writeFileSync(join(folder, MANIFEST_FILE_NAME), JSON.stringify(manifest, null, 2));
  return folder;
}

/** Writes a whole generated collection; returns its host specs. */
export async function writeFleet(directory: string, specs: readonly HostSpec[]): Promise<void> {
  mkdirSync(directory, { recursive: true });
  for (const spec of specs) await writeBundle(directory, spec, '2026-12-01T00:00:00Z');
}
