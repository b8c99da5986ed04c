/**
 * Rollback puts firewall rules back through the firewall's own cmdlets, never by importing the `FirewallRules`
 * registry key (Windows does not support editing it under a running firewall service, and a fresh read of the live
 * rules would not show it). Every plan on every simulated machine is made to fail at its last firewall command,
 * after that command changed its rule, so every registered undo runs: nothing imported may touch the rule store.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedFirewallRunner } from '../../../main/changes/index';
import type { SettingEdit } from '../../../main/domain/changes/index';
import type { FirewallCommand } from '../../../main/domain/firewall/runner';
import { builtInProfile } from '../../../main/domain/profiles/index';
import type { RegistryPort } from '../../../main/domain/registry-port/types';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../../main/registry/machines';
import { engineFor, ruleStoreWrites, tempDirectory, wholeRegistry } from './support';

const REQUESTS = [
  { name: 'recommended', request: () => ({ profile: builtInProfile('recommended') }) },
  { name: 'strict', request: () => ({ profile: builtInProfile('strict') }) },
  {
    name: 'open dynamic RPC on Domain and Private',
    request: () => ({
      edits: [
        {
          settingId: 'firewall.dynamic-rpc',
          value: { allowFrom: ['10.0.10.0/24'], profiles: ['Domain', 'Private'] },
        } as SettingEdit,
      ],
    }),
  },
];

// The stock machine's firewall already meets both profiles: only the opening edit changes rules there.
const cases = MACHINE_PROFILES.flatMap((machine) =>
  REQUESTS.filter(({ name }) => machine !== 'stock' || name.startsWith('open')).map(({ name, request }) => ({
    machine,
    name,
    request,
  })),
);

describe('rollback never imports the FirewallRules key', () => {
  it.each(cases)(
    '$name on $machine: undone by cmdlets, nothing imported under the rule store',
    async ({ machine, request }) => {
      const inner = await openSimulatedMachine(machine);
      const imported: Uint8Array[] = [];
      const port: RegistryPort = {
        ...inner,
        kind: inner.kind,
        description: inner.description,
        readKeys: (paths, options) => inner.readKeys(paths, options),
        exportKeys: (paths) => inner.exportKeys(paths),
        writeValues: (writes) => inner.writeValues(writes),
        deleteValues: (refs) => inner.deleteValues(refs),
        createKeys: (paths) => inner.createKeys(paths),
        importRegFile: (content) => {
          imported.push(content);
          return inner.importRegFile(content);
        },
      };
      const simulated = new SimulatedFirewallRunner(inner);
      const ran: FirewallCommand[] = [];
      let last = '';
      const engine = engineFor(port, tempDirectory(), {
        firewall: {
          run: async (command) => {
            ran.push(command);
            const result = await simulated.run(command);
            // The last change runs, then reports a failure: every step has an undo to run.
            return command.display === last ? { ...result, exitCode: 1, stderr: 'injected' } : result;
          },
        },
      });
      const before = await wholeRegistry(inner);
      const plan = await engine.createPlan(request());
      const steps = plan.firewallChanges.flatMap((change) => change.steps);
      last = steps.at(-1)?.command.display ?? '';
      // Only the GPO-managed machine may have no local firewall step (its rules live in the policy store): then the
      // apply succeeds, and nothing may have been imported under the rule store either.
      const forcedFailure = steps.length === 0;
      expect(forcedFailure && machine !== 'gpo-managed', 'a firewall step to fail').toBe(false);
      const outcome = await engine.applyPlan(plan.id);
      expect(ruleStoreWrites(imported)).toEqual([]);
      for (const command of ran) expect(command.display).not.toMatch(/FirewallRules|reg(\.exe)?\s+import/i);
      expect(outcome.status).toBe(
        forcedFailure ? (plan.valueChanges.length > 0 ? 'applied' : 'nothing-to-do') : 'rolled-back',
      );
      expect((await wholeRegistry(inner)) === before).toBe(
        forcedFailure ? plan.valueChanges.length === 0 : true,
      );
      const undos = ran.filter((command) => steps.some((step) => step.undo.display === command.display));
      expect(undos.length).toBe(steps.length);
      for (const undo of undos)
        expect(undo.display).toMatch(/^\$ErrorActionPreference = 'Stop'; Set-NetFirewallRule -Name '/);
    },
  );
});
