import { ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { addRegistryOption } from '../../registry/select';
import {
  guarded,
  loadProfileChoice,
  openEngine,
  type ChangeCommandOptions,
} from '../../changes/cli-commands';
import { renderPlanText } from '../../domain/changes/index';
import { planToJson } from '../../contract/changes';

interface PlanOptions extends ChangeCommandOptions {
  readonly profile: string;
}

export const registerPlan: RegisterCommand = (program, io, result) => {
  addRegistryOption(program.command('plan'))
    .description('show exactly what applying a profile would change (nothing is written)')
    .option('--profile <profile>', 'recommended, strict, or a profile file (JSON or YAML)', 'recommended')
    .option('--json', 'print the plan as JSON')
    .action(async (options: PlanOptions) => {
      const profile = await loadProfileChoice(options.profile);
      const { engine } = await openEngine(options, io);
      const plan = await guarded(() => engine.createPlan({ profile }));
      io.stdout(options.json ? `${JSON.stringify(planToJson(plan), null, 2)}\n` : renderPlanText(plan));
      result.code = ExitCode.ok;
    });
};
