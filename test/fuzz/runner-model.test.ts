/**
 * A model-based test of the change runner (fast-check's command model): sequences of applies, and edits made behind
 * SinkGuard's back, on simulated machines, with failures injected at every do (the value batch's import, each
 * firewall command), every verify (registry reads, live firewall reads), every undo (the undo import, each
 * Set-NetFirewallRule back), in the backup export and in the progress sink. After each apply the reported outcome is
 * compared with a read of the machine made here, independently of the engine:
 *   applied → every touched value, created key and rule reads as planned;
 *   rolled-back → every one reads as before;
 *   rollback-failed → the "remains:" lines name exactly the items that do not read as before (and some do not);
 *   refused / nothing-to-do → the whole registry is byte for byte as before.
 * Prints "model runs: N, mismatches: M" (N applies); asserts M = 0 and N ≥ 2000.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeRefusedError, SimulatedFirewallRunner, type ChangeEngine } from '../../main/changes/index';
import { sameValue, valueIn, type Plan, type SettingEdit } from '../../main/domain/changes/index';
import { canonicalAddresses, ruleStateOf } from '../../main/domain/firewall/live';
import { parseFirewallRule } from '../../main/domain/firewall/rule-string';
import type { FirewallCommand, FirewallCommandResult } from '../../main/domain/firewall/runner';
import { LOCAL_RULES_KEY } from '../../main/domain/firewall/store';
import { builtInProfile } from '../../main/domain/profiles/index';
import { RegistryError } from '../../main/domain/registry-port/errors';
import type { RegistryPort } from '../../main/domain/registry-port/types';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../main/registry/machines';
import { engineFor } from '../unit/changes/support';

const TARGETS = ['import', 'read', 'export', 'fw-change', 'fw-undo', 'fw-read', 'sink'] as const;
type Target = (typeof TARGETS)[number];
/** before: fails with no effect; after: has its effect, then reports a failure; throw: the call itself throws. */
interface Fault {
  readonly target: Target;
  readonly nth: number;
  readonly mode: 'before' | 'after' | 'throw';
}

/** Counts calls per target once armed; the n-th call of a target with a fault fails as told. */
class Faults {
  private counts = new Map<Target, number>();
  private faults: readonly Fault[] = [];
  arm(faults: readonly Fault[]): void {
    this.faults = faults;
    this.counts = new Map();
  }
  disarm(): void {
    this.faults = [];
  }
  next(target: Target): Fault | undefined {
    const index = this.counts.get(target) ?? 0;
    this.counts.set(target, index + 1);
    return this.faults.find((fault) => fault.target === target && fault.nth === index);
  }
}

function faultyPort(inner: RegistryPort, faults: Faults): RegistryPort {
  const wrap =
    <A extends unknown[], R>(target: Target, run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const fault = faults.next(target);
      const fail = () => new RegistryError('backend-unavailable', `injected ${target} failure`);
      if (fault && fault.mode !== 'after') throw fail();
      const result = await run(...args);
      if (fault) throw fail();
      return result;
    };
  return {
    kind: inner.kind,
    description: inner.description,
    readKeys: wrap('read', (paths, options) => inner.readKeys(paths, options)),
    exportKeys: wrap('export', (paths) => inner.exportKeys(paths)),
    importRegFile: wrap('import', (content) => inner.importRegFile(content)),
    writeValues: (writes) => inner.writeValues(writes),
    deleteValues: (refs) => inner.deleteValues(refs),
    createKeys: (paths) => inner.createKeys(paths),
  };
}

/** The simulated firewall (on the unfaulted registry: the firewall is its own interface), with injected failures. */
function faultyFirewall(inner: RegistryPort, faults: Faults, undos: () => ReadonlySet<string>) {
  const simulated = new SimulatedFirewallRunner(inner);
  return {
    run: async (command: FirewallCommand): Promise<FirewallCommandResult> => {
      const target: Target = command.display.includes('ConvertTo-Json')
        ? 'fw-read'
        : undos().has(command.display)
          ? 'fw-undo'
          : 'fw-change';
      const fault = faults.next(target);
      if (fault?.mode === 'throw') throw new Error(`injected ${target} failure (spawn)`);
      if (fault?.mode === 'before') return { exitCode: 1, stdout: '', stderr: `injected ${target} failure` };
      const result = await simulated.run(command);
      if (fault) return { ...result, exitCode: 1, stderr: `injected ${target} failure after it ran` };
      return result;
    },
  };
}

const ruleKey = (data: string | undefined): string => {
  if (data === undefined) return 'absent';
  const state = ruleStateOf(parseFirewallRule(data));
  return JSON.stringify([
    state.enabled,
    state.action,
    [...state.profiles].sort(),
    canonicalAddresses(state.remoteAddresses),
  ]);
};

/** Each touched item, read here: whether it is at its before and at its target. */
async function itemsNow(port: RegistryPort, plan: Plan) {
  const keys = [...new Set([...plan.valueChanges.map((change) => change.key), ...plan.createdKeys])];
  const snapshots = await port.readKeys([...keys, LOCAL_RULES_KEY]);
  const find = (path: string) =>
    snapshots.find((snapshot) => snapshot.path.toUpperCase() === path.toUpperCase());
  const items: { label: string; atBefore: boolean; atTarget: boolean }[] = [];
  for (const change of plan.valueChanges) {
    const now = valueIn(find(change.key), change.name);
    items.push({
      label: `${change.key}\\${change.name === '' ? '(Default)' : change.name}`,
      atBefore: sameValue(now, change.before),
      atTarget: sameValue(now, change.after),
    });
  }
  for (const key of plan.createdKeys) {
    const exists = find(key)?.exists ?? false;
    items.push({ label: `${key} (key created by the change)`, atBefore: !exists, atTarget: exists });
  }
  const rules = find(LOCAL_RULES_KEY);
  const steps = plan.firewallChanges.flatMap((change) => change.steps);
  for (const id of [...new Set(steps.map((step) => step.ruleId.toUpperCase()))]) {
    const mine = steps.filter((step) => step.ruleId.toUpperCase() === id);
    const stored = valueIn(rules, mine[0]!.ruleId);
    const now = ruleKey(stored && stored.type === 'REG_SZ' ? stored.data : undefined);
    items.push({
      label: `firewall rule ${mine[0]!.ruleId}`,
      atBefore: now === ruleKey(mine[0]!.ruleBefore),
      atTarget: now === ruleKey(mine.at(-1)!.expectedRule),
    });
  }
  return items;
}

const wholeRegistry = async (port: RegistryPort) =>
  Buffer.from(await port.exportKeys(['HKLM'])).toString('hex');

interface Real {
  readonly inner: RegistryPort;
  readonly faults: Faults;
  readonly engine: ChangeEngine;
  undoDisplays: ReadonlySet<string>;
}

const stats = { runs: 0, mismatches: 0, outcomes: new Map<string, number>(), examples: [] as string[] };

const PLANS: readonly { name: string; request: () => Parameters<ChangeEngine['createPlan']>[0] }[] = [
  { name: 'recommended', request: () => ({ profile: builtInProfile('recommended') }) },
  { name: 'strict', request: () => ({ profile: builtInProfile('strict') }) },
  {
    name: 'recommended --no-firewall',
    request: () => ({ profile: builtInProfile('recommended'), noFirewall: true }),
  },
  {
    name: 'open the endpoint mapper on Domain',
    request: () => ({
      edits: [
        {
          settingId: 'firewall.endpoint-mapper',
          value: { allowFrom: ['10.0.10.0/24'], profiles: ['Domain'] },
        } as SettingEdit,
        { settingId: 'dcom.legacy-authentication-level', value: 5 },
      ],
    }),
  },
];

class ApplyCommand implements fc.AsyncCommand<object, Real> {
  constructor(
    readonly plan: number,
    readonly faults: readonly Fault[],
  ) {}
  check = () => true;
  async run(_model: object, real: Real): Promise<void> {
    const { name, request } = PLANS[this.plan]!;
    let plan: Plan;
    try {
      plan = await real.engine.createPlan(request());
    } catch (error) {
      // A plan refused (an edit Group Policy manages): nothing to apply.
      if (error instanceof ChangeRefusedError) return;
      throw error;
    }
    real.undoDisplays = new Set(
      plan.firewallChanges.flatMap((change) => change.steps.map((s) => s.undo.display)),
    );
    const before = await wholeRegistry(real.inner);
    real.faults.arm(this.faults);
    let status: string;
    let details: readonly string[] = [];
    try {
      const outcome = await real.engine.applyPlan(plan.id);
      status = outcome.status;
      details = outcome.details;
    } catch (error) {
      status = error instanceof ChangeRefusedError ? 'refused' : `threw ${String(error)}`;
    } finally {
      real.faults.disarm();
    }
    stats.runs++;
    stats.outcomes.set(status, (stats.outcomes.get(status) ?? 0) + 1);
    const items = await itemsNow(real.inner, plan);
    const remains = new Set(
      details.filter((line) => line.startsWith('remains: ')).map((line) => line.slice(9).split(': ')[0]!),
    );
    const notBefore = new Set(items.filter((item) => !item.atBefore).map((item) => item.label));
    const ok =
      status === 'applied'
        ? items.every((item) => item.atTarget)
        : status === 'rolled-back'
          ? notBefore.size === 0
          : status === 'rollback-failed'
            ? notBefore.size > 0 && [...notBefore].sort().join('|') === [...remains].sort().join('|')
            : status === 'refused' || status === 'nothing-to-do'
              ? (await wholeRegistry(real.inner)) === before
              : false;
    if (!ok) {
      stats.mismatches++;
      if (stats.examples.length < 5)
        stats.examples.push(
          `${name} with ${JSON.stringify(this.faults)}: ${status}; not as before: ${[...notBefore].join(', ')}; remains: ${[...remains].join(', ')}`,
        );
    }
  }
  toString = () => `apply ${PLANS[this.plan]!.name} with faults ${JSON.stringify(this.faults)}`;
}

/** An admin (or an installer) changes a value SinkGuard manages, between applies. */
class DriftCommand implements fc.AsyncCommand<object, Real> {
  constructor(readonly level: number) {}
  check = () => true;
  async run(_model: object, real: Real): Promise<void> {
    await real.inner.writeValues([
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
        name: 'LegacyAuthenticationLevel',
        value: { type: 'REG_DWORD', data: this.level },
      },
    ]);
  }
  toString = () => `drift LegacyAuthenticationLevel=${this.level}`;
}

const fault = fc.record({
  target: fc.constantFrom(...TARGETS),
  nth: fc.nat({ max: 4 }),
  mode: fc.constantFrom('before' as const, 'after' as const, 'throw' as const),
});

const commands = fc.commands(
  [
    fc
      .tuple(fc.nat({ max: PLANS.length - 1 }), fc.array(fault, { minLength: 0, maxLength: 3 }))
      .map(([plan, faults]) => new ApplyCommand(plan, faults)),
    fc.integer({ min: 1, max: 6 }).map((level) => new DriftCommand(level)),
  ],
  { maxCommands: 5 },
);

/** A data folder on tmpfs when there is one: every journal record and backup is fsync'ed. */
const dataRoot = (): string => {
  try {
    return mkdtempSync('/dev/shm/sinkguard-model-');
  } catch {
    return mkdtempSync(join(tmpdir(), 'sinkguard-model-'));
  }
};

describe('the change runner as a command model', () => {
  it('reports what a fresh read shows, whatever fails, over at least 2,000 applies', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MACHINE_PROFILES), commands, async (machine, sequence) => {
        const inner = await openSimulatedMachine(machine);
        const faults = new Faults();
        const real: Real = {
          inner,
          faults,
          undoDisplays: new Set(),
          engine: undefined as unknown as ChangeEngine,
        };
        const port = faultyPort(inner, faults);
        Object.assign(real, {
          engine: engineFor(port, dataRoot(), {
            firewall: faultyFirewall(inner, faults, () => real.undoDisplays),
            onProgress: () => {
              if (faults.next('sink')) throw new Error('ENOSPC: injected sink failure');
            },
          }),
        });
        await fc.asyncModelRun(() => ({ model: {}, real }), sequence);
      }),
      { numRuns: 1700, seed: 1212 },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `model runs: ${stats.runs}, mismatches: ${stats.mismatches} (${seconds} s; outcomes ${JSON.stringify(Object.fromEntries(stats.outcomes))})`,
    );
    expect(stats.examples).toEqual([]);
    expect(stats.mismatches).toBe(0);
    expect(stats.runs).toBeGreaterThanOrEqual(2000);
    // Every kind of outcome was reached, or the faults did not reach the paths they are for.
    for (const status of ['applied', 'rolled-back', 'rollback-failed', 'refused'])
      expect(stats.outcomes.get(status) ?? 0, status).toBeGreaterThan(0);
  }, 300_000);
});
