import {
  canonicalState,
  planForEdits,
  planForProfile,
  planKeys,
  type Plan,
  type SettingEdit,
} from '../domain/changes/index';
import { isFirewallSetting, withoutFirewall, type Profile } from '../domain/profiles/index';
import type { KeySnapshot } from '../domain/registry-port/types';
import type { EngineContext } from './context';
import { ChangeRefusedError } from './errors';
import { readOrRefuse } from './preflight';
import { newTransactionId, sha256Hex } from './storage';

/** What to plan; `noFirewall` leaves the firewall part out (the profile's firewall settings, firewall edits). */
export type PlanRequest = ({ readonly profile: Profile } | { readonly edits: readonly SettingEdit[] }) & {
  readonly noFirewall?: boolean;
};

export interface StoredPlan {
  readonly plan: Plan;
  readonly request: PlanRequest;
  readonly snapshots: readonly KeySnapshot[];
}

const MAX_PLANS = 20;

/** Plans kept in main: a caller refers to them by id, and apply re-plans from the request, never from a body. */
export class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();

  constructor(private readonly context: EngineContext) {}

  /** Reads the machine in ONE batch and plans; the plan is kept for `apply` by its id. */
  async create(request: PlanRequest, id = newTransactionId(this.context.now())): Promise<Plan> {
    const snapshots = await readOrRefuse(this.context, planKeys());
    const plan = this.planFrom(request, snapshots, id);
    if ('edits' in request) {
      const managed = plan.skipped.filter((skip) => skip.reason === 'policy-managed');
      if (managed.length > 0) {
        throw new ChangeRefusedError(
          'policy-managed',
          `${managed.map((skip) => skip.title).join(', ')}: managed by Group Policy, cannot be changed locally; change the GPO instead`,
          managed.map((skip) => skip.message),
        );
      }
    }
    this.plans.set(plan.id, { plan, request, snapshots });
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    return plan;
  }

  get(id: string): StoredPlan | undefined {
    return this.plans.get(id);
  }

  delete(id: string): void {
    this.plans.delete(id);
  }

  planFrom(request: PlanRequest, snapshots: readonly KeySnapshot[], id: string): Plan {
    const context = {
      id,
      createdAt: this.context.now().toISOString(),
      backend: this.context.port.description,
      snapshots,
      fingerprint: sha256Hex(canonicalState(snapshots)),
    };
    if ('profile' in request)
      return planForProfile(request.noFirewall ? withoutFirewall(request.profile) : request.profile, context);
    const edits = request.noFirewall
      ? request.edits.filter((edit) => !isFirewallSetting(edit.settingId))
      : request.edits;
    return planForEdits(edits, context);
  }
}
