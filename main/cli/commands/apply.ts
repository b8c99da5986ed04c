import { appendFile } from 'node:fs/promises';
import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  EXIT_REFUSED,
  confirm,
  exitCodeFor,
  guarded,
  loadProfileChoice,
  openEngine,
  recoverOrOffer,
  renderOutcome,
  type ChangeCommandOptions,
} from '../../changes/cli-commands';
import { renderPlanText } from '../../domain/changes/index';
import { planToJson } from '../../contract/changes';

interface ApplyOptions extends ChangeCommandOptions {
  readonly profile: string;
}

export const registerApply: RegisterCommand = (program, io, result) => {
  addRegistryOption(program.command('apply'))
    .description('apply a profile as one transaction: back up, write, verify, roll back on any failure')
    .option('--profile <profile>', 'recommended, strict, or a profile file (JSON or YAML)', 'recommended')
    .option('--yes', 'do not ask for confirmation (unattended use, installers)')
    .option('--json', 'print the plan and the outcome as JSON')
    .option('--log <file>', 'append a plain-text log of every step to this file')
    .action(async (options: ApplyOptions) => {
      const profile = await loadProfileChoice(options.profile);
      const setup = await openEngine(options, io);
      if (!(await guarded(() => recoverOrOffer(setup, io, options.yes)))) {
        result.code = EXIT_REFUSED;
        return;
      }
      const plan = await guarded(() => setup.engine.createPlan({ profile }));
      if (!options.json) io.stdout(renderPlanText(plan));
      if (
        plan.valueChanges.length + plan.firewallChanges.length > 0 &&
        !(await confirm(io, 'Apply these changes?', options.yes))
      ) {
        io.stdout('Nothing was changed.\n');
        result.code = EXIT_REFUSED;
        return;
      }
      if (options.log)
        await appendFile(
          options.log,
          `${new Date().toISOString()} ${plan.id} plan ok: ${plan.diff.length} setting(s) for ${profile.name}\n`,
        );
      const outcome = await guarded(() => setup.engine.applyPlan(plan.id));
      io.stdout(
        options.json
          ? `${JSON.stringify({ plan: planToJson(plan), outcome }, null, 2)}\n`
          : renderOutcome(outcome),
      );
      result.code = exitCodeFor(outcome);
    });
};
