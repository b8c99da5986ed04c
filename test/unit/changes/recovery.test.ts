import { describe, expect, it } from 'vitest';
import { SimulatedFirewallRunner, type ProgressEvent } from '../../../main/changes/index';
import { builtInProfile, type BuiltInProfileName } from '../../../main/domain/profiles/index';
import { parseRegFile } from '../../../main/domain/regfile/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { APPLY_STEPS, RESTORE_STEPS, refusal } from './expectations';
import { FaultyPort, engineFor, interruptApply, tempDirectory, wholeRegistry } from './support';

const step = (event: ProgressEvent) => `${event.step} ${event.status}`;

describe('an interrupted change blocks every other change until its backup is restored', () => {
  it('refuses plan:apply with a specific message and the way forward, writing nothing', async () => {
    const port = await openSimulatedMachine('legacy');
    const data = tempDirectory();
    await interruptApply(port, data, 'write ok');
    const halfApplied = await wholeRegistry(port);
    const events: ProgressEvent[] = [];
    const engine = engineFor(port, data, { onProgress: (event) => void events.push(event) });
    const [pending] = await engine.interrupted();
    expect(pending).toMatchObject({ operation: 'apply', target: 'recommended', outcome: null });
    expect((await engine.nextRecovery())?.id).toBe(pending!.id);

    const plan = await engine.createPlan({ profile: builtInProfile('strict') });
    const error = await refusal(engine.applyPlan(plan.id));
    expect(error.code).toBe('interrupted');
    expect(error.message).toContain(`(apply recommended, ${pending!.id}) never finished`);
    expect(error.message).toContain('sinkguard restore --interrupted --yes');
    expect(error.details).toEqual([`${pending!.id}: apply recommended, began ${pending!.at} by tester`]);
    expect(events.map(step)).toEqual(['read started', 'read failed']);
    expect(events[1]!.message).toBe(error.message);
    expect(await wholeRegistry(port)).toBe(halfApplied);
  });

  it('refuses to restore any other backup meanwhile', async () => {
    const port = await openSimulatedMachine('legacy');
    const data = tempDirectory();
    const engine = engineFor(port, data);
    const first = await engine.createPlan({ profile: builtInProfile('recommended') });
    const applied = await engine.applyPlan(first.id);
    expect(applied.status).toBe('applied');
    await interruptApply(port, data, 'verify started', { profile: builtInProfile('strict') });
    const halfApplied = await wholeRegistry(port);
    const error = await refusal(engine.restoreBackup(applied.backupId!));
    expect(error.code).toBe('interrupted');
    expect(await wholeRegistry(port)).toBe(halfApplied);
  });

  it('restoring the interrupted change’s backup puts the state before back and records it as recovered', async () => {
    const port = await openSimulatedMachine('legacy');
    const data = tempDirectory();
    const before = await wholeRegistry(port);
    await interruptApply(port, data, 'write ok');
    expect(await wholeRegistry(port)).not.toBe(before);
    const engine = engineFor(port, data);
    const [pending] = await engine.interrupted();
    const outcome = await engine.restoreBackup(pending!.backupId);
    expect(outcome.status).toBe('restored');
    expect(await wholeRegistry(port)).toBe(before);
    expect(await engine.interrupted()).toEqual([]);
    expect((await engine.history()).map((entry) => [entry.operation, entry.outcome])).toEqual([
      ['apply', 'recovered'],
      ['restore', 'restored'],
    ]);
    // And changes are possible again.
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    expect((await engine.applyPlan(plan.id)).status).toBe('applied');
  });

  it('a recovery interrupted in turn is finished by the next one: the state before the first change', async () => {
    const port = await openSimulatedMachine('legacy');
    const data = tempDirectory();
    const before = await wholeRegistry(port);
    await interruptApply(port, data, 'verify ok');
    // The restore that recovers it is killed after its import, before its commit.
    let reached!: () => void;
    const stopped = new Promise<void>((resolve) => (reached = resolve));
    const dying = engineFor(port, data, {
      onProgress: (event) => {
        if (event.step !== 'write' || event.status !== 'ok') return;
        reached();
        return new Promise<void>(() => undefined);
      },
    });
    void dying.recoverInterrupted();
    await stopped;
    const engine = engineFor(port, data);
    expect((await engine.interrupted()).map((entry) => entry.operation)).toEqual(['apply', 'restore']);
    expect((await engine.nextRecovery())?.operation).toBe('apply');
    const outcomes = await engine.recoverInterrupted();
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['restored']);
    expect(await wholeRegistry(port)).toBe(before);
    expect((await engine.history()).map((entry) => entry.outcome)).toEqual([
      'recovered',
      'recovered',
      'restored',
    ]);
  });
});

describe('progress events: each step reported as it happens, each refusal ending its step', () => {
  it('an apply with firewall changes: one event per firewall command, and firewall-verify starts', async () => {
    const port = await openSimulatedMachine('legacy');
    const events: ProgressEvent[] = [];
    const engine = engineFor(port, tempDirectory(), { onProgress: (event) => void events.push(event) });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const commands = plan.firewallChanges.flatMap((change) => change.steps);
    expect(commands.length).toBeGreaterThan(1);
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status).toBe('applied');
    expect(events.map(step)).toEqual(APPLY_STEPS(commands.length));
    const perCommand = events.filter((event) => step(event) === 'firewall ok').map((event) => event.message);
    expect(perCommand).toEqual(
      commands.map(
        (command, i) => `Changed ${command.displayName ?? command.ruleId} (${i + 1} of ${commands.length}).`,
      ),
    );
    expect(new Set(events.slice(2).map((event) => event.transactionId))).toEqual(
      new Set([outcome.transactionId]),
    );
  });

  it('not elevated: "read started" then "read failed" with the refusal, and nothing else', async () => {
    const port = await openSimulatedMachine('legacy', { elevated: false });
    const events: ProgressEvent[] = [];
    const engine = engineFor(port, tempDirectory(), {
      detectElevation: async () => false,
      onProgress: (event) => void events.push(event),
    });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const error = await refusal(engine.applyPlan(plan.id));
    expect(events.map(step)).toEqual(['read started', 'read failed']);
    expect(events[1]!.message).toBe(error.message);
  });

  it('a backup that cannot be exported ends "backup failed" and writes nothing', async () => {
    const machine = await openSimulatedMachine('legacy');
    const port = new FaultyPort(machine);
    const events: ProgressEvent[] = [];
    // The firewall is its own interface (its live reads are not registry backend calls).
    const engine = engineFor(port, tempDirectory(), {
      onProgress: (event) => void events.push(event),
      firewall: new SimulatedFirewallRunner(machine),
    });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const before = await wholeRegistry(port);
    port.fault = { at: port.calls.length + 1, mode: 'before' }; // the re-read works, the export fails
    const error = await refusal(engine.applyPlan(plan.id));
    expect(error.code).toBe('backend');
    expect(events.map(step)).toEqual(['read started', 'read ok', 'backup started', 'backup failed']);
    port.fault = null;
    expect(await wholeRegistry(port)).toBe(before);
  });

  it('a restore reports read, backup, write, verify and done', async () => {
    const port = await openSimulatedMachine('stock');
    const engine = engineFor(port, tempDirectory());
    const plan = await engine.createPlan({ profile: builtInProfile('strict') });
    const applied = await engine.applyPlan(plan.id);
    const events: ProgressEvent[] = [];
    const restoring = engineFor(port, engine.dataDirectory, {
      onProgress: (event) => void events.push(event),
    });
    expect((await restoring.restoreBackup(applied.backupId!)).status).toBe('restored');
    expect(events.map(step)).toEqual(RESTORE_STEPS);
  });
});

describe('the changes are written in one batch', () => {
  const profile = (name: BuiltInProfileName) => ({ profile: builtInProfile(name) });

  it('writes and deletions of one plan are one .reg import, nothing else', async () => {
    const port = new FaultyPort(await openSimulatedMachine('legacy'));
    const rpc = 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet';
    // A dynamic port range too small to keep: "not restricted" deletes its three values.
    await port.writeValues([
      { key: rpc, name: 'Ports', value: { type: 'REG_MULTI_SZ', data: ['5000-5010'] } },
      { key: rpc, name: 'PortsInternetAvailable', value: { type: 'REG_SZ', data: 'Y' } },
      { key: rpc, name: 'UseInternetPorts', value: { type: 'REG_SZ', data: 'Y' } },
    ]);
    const engine = engineFor(port, tempDirectory());
    const plan = await engine.createPlan({
      edits: [
        { settingId: 'rpc.dynamic-port-restriction', value: { restrict: false } },
        { settingId: 'wmi.unsecapp-access-check', value: 1 },
      ],
    });
    const actions = plan.valueChanges.map((change) => change.action);
    expect(actions).toContain('write');
    expect(actions).toContain('delete');
    let imported: Uint8Array | null = null;
    const start = port.calls.length;
    const importRegFile = port.importRegFile;
    port.importRegFile = (content) => {
      imported = content;
      return importRegFile(content);
    };
    expect((await engine.applyPlan(plan.id)).status).toBe('applied');
    expect(port.calls.slice(start)).toEqual(['readKeys', 'exportKeys', 'importRegFile', 'readKeys']);
    const blocks = parseRegFile(imported!).blocks;
    const entries = blocks.flatMap((block) => (block.kind === 'key' ? block.entries : []));
    expect(
      entries
        .filter((entry) => entry.kind === 'delete')
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(['Ports', 'PortsInternetAvailable', 'UseInternetPorts']);
    expect(entries.filter((entry) => entry.kind === 'set').map((entry) => entry.name)).toEqual([
      'UnsecAppAccessControlDefault',
    ]);
    const [after] = await port.readKeys([rpc]);
    expect([...after!.values.keys()]).toEqual([]);
  });

  it.each(['recommended', 'strict'] as const)(
    '%s on stock: one registry write for the whole plan',
    async (name) => {
      const port = new FaultyPort(await openSimulatedMachine('stock'));
      const engine = engineFor(port, tempDirectory());
      const plan = await engine.createPlan(profile(name));
      const start = port.calls.length;
      await engine.applyPlan(plan.id);
      const writes = port.calls
        .slice(start)
        .filter((call) => call === 'importRegFile' || call === 'writeValues' || call === 'deleteValues');
      expect(writes).toEqual(['importRegFile']);
    },
  );
});
