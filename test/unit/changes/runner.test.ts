/**
 * The runner's promises beyond the happy path: preflight refuses what cannot run here before any write,
 * --no-firewall plans without the firewall part, an undo is registered only once its do changed something, and a
 * throwing progress sink changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedFirewallRunner } from '../../../main/changes/index';
import {
  FirewallRunnerError,
  type FirewallCommand,
  type FirewallCommandRunner,
} from '../../../main/domain/firewall/runner';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { refusal } from './expectations';
import { engineFor, tempDirectory, wholeRegistry } from './support';

const offWindows: FirewallCommandRunner = {
  run: async () => {
    throw new FirewallRunnerError('unsupported-platform', 'firewall commands run on Windows only');
  },
};

describe('preflight: every step can run here, or nothing is written', () => {
  it('refuses (cannot-run-here) when the firewall cmdlets cannot run, naming the firewall step and --no-firewall', async () => {
    const port = await openSimulatedMachine('legacy');
    const before = await wholeRegistry(port);
    const engine = engineFor(port, tempDirectory(), { firewall: offWindows });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    expect(plan.firewallChanges.length).toBeGreaterThan(0);
    const error = await refusal(engine.applyPlan(plan.id));
    expect(error.code).toBe('cannot-run-here');
    expect(error.message).toMatch(/^the firewall step \(\d+ command\(s\) on /);
    expect(error.message).toContain('--no-firewall');
    expect(await wholeRegistry(port)).toBe(before);
    expect(await engine.history()).toEqual([]);
  });

  it('refuses a rule owned by Group Policy in the live firewall', async () => {
    const port = await openSimulatedMachine('legacy');
    const simulated = new SimulatedFirewallRunner(port);
    const firewall: FirewallCommandRunner = {
      run: async (command) => {
        const result = await simulated.run(command);
        return command.display.includes('ConvertTo-Json')
          ? { ...result, stdout: result.stdout.replaceAll('"Local"', '"GroupPolicy"') }
          : result;
      },
    };
    const before = await wholeRegistry(port);
    const engine = engineFor(port, tempDirectory(), { firewall });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const error = await refusal(engine.applyPlan(plan.id));
    expect(error.code).toBe('cannot-run-here');
    expect(error.details.join('\n')).toContain('owned by Group Policy');
    expect(await wholeRegistry(port)).toBe(before);
  });

  it('--no-firewall plans the profile without its firewall part, and applies it where the firewall cannot run', async () => {
    const port = await openSimulatedMachine('legacy');
    const engine = engineFor(port, tempDirectory(), { firewall: offWindows });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended'), noFirewall: true });
    expect(plan.firewallChanges).toEqual([]);
    expect(plan.diff.some((item) => item.settingId.startsWith('firewall.'))).toBe(false);
    expect(plan.valueChanges.length).toBeGreaterThan(0);
    expect((await engine.applyPlan(plan.id)).status).toBe('applied');
  });

  it('plan and apply take --no-firewall, and --help documents it with the preflight refusal', async () => {
    const run = await runCliCaptured(['plan', '--json', '--no-firewall', '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: tempDirectory() },
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { firewallChanges: unknown[] }).firewallChanges).toEqual([]);
    for (const command of ['plan', 'apply']) {
      const help = await runCliCaptured([command, '--help'], { env: {} });
      expect(help.stdout).toContain('--no-firewall');
      expect(help.stdout).toContain('a step that cannot run here');
    }
  });
});

describe('undo registration and best-effort progress', () => {
  it('a firewall command that fails and leaves its rule unchanged registers no undo', async () => {
    const port = await openSimulatedMachine('legacy');
    const before = await wholeRegistry(port);
    const simulated = new SimulatedFirewallRunner(port);
    const ran: FirewallCommand[] = [];
    let changes = 0;
    const firewall: FirewallCommandRunner = {
      run: async (command) => {
        ran.push(command);
        if (command.display.includes('ConvertTo-Json')) return simulated.run(command);
        changes += 1;
        // The second change fails before touching its rule (a rule owned by Group Policy, Access denied...).
        if (changes === 2) return { exitCode: 1, stdout: '', stderr: 'Access is denied.' };
        return simulated.run(command);
      },
    };
    const engine = engineFor(port, tempDirectory(), { firewall });
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const steps = plan.firewallChanges.flatMap((change) => change.steps);
    expect(steps.length).toBeGreaterThan(1);
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status).toBe('rolled-back');
    const undos = ran.filter((command) => steps.some((step) => step.undo.display === command.display));
    // Only the first step changed something: only its undo ran.
    expect(undos.map((command) => command.display)).toEqual([steps[0]!.undo.display]);
    expect(await wholeRegistry(port)).toBe(before);
  });

  it.each([
    ['applied', false],
    ['rolled-back', true],
  ] as const)(
    'a progress sink that throws at every event leaves the outcome %s (a firewall command fails: %s)',
    async (status, fail) => {
      const port = await openSimulatedMachine('legacy');
      const before = await wholeRegistry(port);
      const simulated = new SimulatedFirewallRunner(port);
      const commands = new Set<string>();
      const engine = engineFor(port, tempDirectory(), {
        onProgress: () => {
          throw new Error('ENOSPC: no space left on device');
        },
        firewall: {
          // With `fail`, the last firewall change fails after the others ran.
          run: async (command) =>
            fail && command.display === [...commands].at(-1)
              ? { exitCode: 1, stdout: '', stderr: 'injected' }
              : simulated.run(command),
        },
      });
      const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
      for (const change of plan.firewallChanges)
        for (const step of change.steps) commands.add(step.command.display);
      const outcome = await engine.applyPlan(plan.id);
      expect(outcome.status).toBe(status);
      expect((await wholeRegistry(port)) === before).toBe(fail);
    },
  );
});
