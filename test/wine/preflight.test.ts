/**
 * Issue 12's first report, as a new user would meet it: Wine's registry seeded as the weakened (legacy) machine
 * plus a hand-made rule opening TCP 135 to any address. Off Windows the firewall cmdlets cannot run, so
 * `apply --registry reg-exe --yes` must be refused by preflight (exit 1, nothing written, the firewall step named),
 * and `apply --no-firewall --yes` must apply the registry part (exit 0).
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_RULES_KEY } from '../../main/domain/firewall/store';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { runCliCaptured } from '../support/cli';
import { requireTool } from '../support/lane';
import { createWinePrefix, type WinePrefix } from '../support/wine';
import { tempDirectory } from '../unit/changes/support';
import { exportedState as exportedStateOf, seedMachine } from './machine-state';

const hasWine = requireTool('wine lane', 'wine');

const OPEN_RULE = 'Hand-made-RPC-135-Any';

describe.skipIf(!hasWine || process.platform === 'win32')(
  'preflight on Wine’s registry: the firewall part cannot run off Windows',
  () => {
    let prefix: WinePrefix;
    let scratch: string;
    beforeAll(async () => {
      prefix = await createWinePrefix('preflight');
      scratch = tempDirectory();
      const registry = new RegExeRegistry(prefix.host());
      await seedMachine(registry, 'legacy');
      await registry.writeValues([
        {
          key: LOCAL_RULES_KEY,
          name: OPEN_RULE,
          value: {
            type: 'REG_SZ',
            data: 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|Name=Hand-made RPC 135 to Any|',
          },
        },
      ]);
    }, 600_000);
    afterAll(async () => {
      await prefix?.dispose();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    /** `wine reg export` of every root, independently of SinkGuard's adapter. */
    const exportedState = () => exportedStateOf(prefix, scratch);

    const apply = (extra: readonly string[]) =>
      runCliCaptured(['apply', '--profile', 'recommended', '--registry', 'reg-exe', '--yes', ...extra], {
        env: { ...prefix.env, SINKGUARD_DATA_DIR: tempDirectory() },
      });

    it('apply --yes is refused before the first write (exit 1), naming the firewall step and --no-firewall', async () => {
      const before = await exportedState();
      const run = await apply([]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain('refused (cannot-run-here): the firewall step');
      expect(run.stderr).toContain(OPEN_RULE);
      expect(run.stderr).toContain('--no-firewall');
      expect(await exportedState()).toBe(before);
    }, 900_000);

    it('apply --no-firewall --yes applies the registry part (exit 0) and leaves the rules alone', async () => {
      const before = await exportedState();
      const rulesBefore = before.split('\n').at(-1);
      const run = await apply(['--no-firewall']);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('Applied');
      const after = await exportedState();
      expect(after).not.toBe(before);
      expect(after.split('\n').at(-1)).toBe(rulesBefore);
    }, 900_000);
  },
);
