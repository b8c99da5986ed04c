import { registerCommands } from '../program';
import { registerSd } from './sd';
import { registerFwRule } from './fw-rule';
import { registerPlan } from './plan';
import { registerApply } from './apply';
import { registerHistory } from './history';
import { registerRestore } from './restore';
import { registerExport } from './export';
import { registerAudit } from './audit';
import { registerExposure } from './exposure';
import { registerProfile } from './profile';

// Every subcommand is listed once, here.
registerCommands(
  registerSd,
  registerFwRule,
  registerPlan,
  registerApply,
  registerHistory,
  registerRestore,
  registerExport,
  registerAudit,
  registerExposure,
  registerProfile,
);
