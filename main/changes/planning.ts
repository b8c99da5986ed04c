import {
  appIdLabel,
  lookupAppId,
  readAppIdInventory,
  type AppIdChange,
  type AppIdEntry,
  type AppIdInventory,
} from '../domain/appids/index';
import { appIdPermissions } from '../domain/catalog/settings-dcom-activation';
import { RegistryError } from '../domain/registry-port/errors';
import {
  appIdPlanKeys,
  canonicalState,
  planForAppId,
  unreadableAppIdRefusal,
  planForEdits,
  planForProfile,
  planKeys,
  PlanInputError,
  uniqueKeys,
  type AppIdRequest,
  type Plan,
  type SettingEdit,
} from '../domain/changes/index';
import { changeOf, isFirewallSetting, withoutFirewall, type Profile } from '../domain/profiles/index';
import type { KeySnapshot } from '../domain/registry-port/types';
import type { EngineContext } from './context';
import { ChangeRefusedError } from './errors';
import { readOrRefuse } from './preflight';
import { newTransactionId, sha256Hex } from './storage';

/**
 * What to plan: a profile or the admin's edits (`noFirewall` leaves the firewall part out: the profile's firewall
 * settings, firewall edits), or a change to one DCOM application named by its AppID GUID or executable name.
 */
export type PlanRequest =
  | (({ readonly profile: Profile } | { readonly edits: readonly SettingEdit[] }) & {
      readonly noFirewall?: boolean;
    })
  | { readonly appId: { readonly id: string; readonly change: AppIdChange } };

/**
 * A request as it is planned again at apply: an application's ID resolved once by the inventory, to the key it names
 * (and its hosting service's account, for a refusal's words).
 */
export type ResolvedPlanRequest =
  | (Exclude<PlanRequest, { readonly appId: unknown } | { readonly profile: Profile }> & {
      readonly noFirewall?: boolean;
    })
  | {
      readonly profile: Profile;
      readonly noFirewall?: boolean;
      /** The applications the profile names, resolved by the inventory (absent: it names none). */
      readonly applications?: readonly AppIdRequest[];
    }
  | AppIdRequest;

export interface StoredPlan {
  readonly plan: Plan;
  readonly request: ResolvedPlanRequest;
  readonly snapshots: readonly KeySnapshot[];
}

const MAX_PLANS = 20;

/** Plans kept in main: a caller refers to them by id, and apply re-plans from the request, never from a body. */
export class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();

  constructor(private readonly context: EngineContext) {}

  /** Reads the machine in ONE batch and plans; the plan is kept for `apply` by its id. */
  async create(request: PlanRequest, id = newTransactionId(this.context.now())): Promise<Plan> {
    if ('appId' in request) return this.createForAppId(request.appId.id, request.appId.change, id);
    if ('profile' in request && (request.profile.applications?.length ?? 0) > 0)
      return this.createForProfileApplications(request.profile, request.noFirewall, id);
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
    return this.keep({ plan, request, snapshots });
  }

  /**
   * Finds the application in the inventory (as `appid list` reads it), then reads its AppID key alone: that one read
   * is what the plan is made from, backed up and checked for staleness. A key that cannot be read is refused by
   * planning with its reason, not as a failing backend.
   */
  private async createForAppId(id: string, change: AppIdChange, planId: string): Promise<Plan> {
    const entry = await this.findAppId(id);
    const application = { guid: entry.guid, view: entry.view, name: entry.name };
    const snapshots = await readOrRefuse(this.context, appIdPlanKeys(application), true);
    const serviceAccount = entry.hosting.kind === 'service' ? entry.hosting.account : null;
    const request = { application, change, serviceAccount };
    return this.keep({ plan: this.planFrom(request, snapshots, planId), request, snapshots });
  }

  /**
   * A profile that names applications: each is found in the inventory (one read), then the profile's keys and every
   * named AppID key are read in ONE batch, the one the plan is made from, backed up and checked for staleness.
   */
  private async createForProfileApplications(
    profile: Profile,
    noFirewall: boolean | undefined,
    planId: string,
  ): Promise<Plan> {
    const inventory = await this.readInventory();
    const applications = (profile.applications ?? []).map((entry, index): AppIdRequest => {
      const found = this.findIn(inventory, entry.id, `The profile's applications[${index}] (${entry.id}): `);
      return {
        application: { guid: found.guid, view: found.view, name: found.name },
        change: changeOf(entry),
        serviceAccount: found.hosting.kind === 'service' ? found.hosting.account : null,
      };
    });
    const keys = uniqueKeys([
      ...planKeys(),
      ...applications.flatMap((one) => appIdPlanKeys(one.application)),
    ]);
    const snapshots = await readOrRefuse(this.context, keys);
    const request = { profile, ...(noFirewall === undefined ? {} : { noFirewall }), applications };
    return this.keep({ plan: this.planFrom(request, snapshots, planId), request, snapshots });
  }

  /** The one application `id` names; an unknown ID or an ambiguous executable is refused, nothing planned. */
  private async findAppId(id: string): Promise<AppIdEntry> {
    return this.findIn(await this.readInventory(), id);
  }

  private async readInventory(): Promise<AppIdInventory> {
    try {
      return await readAppIdInventory(this.context.port, appIdPermissions.baselines.recommended!);
    } catch (error) {
      if (error instanceof RegistryError)
        throw new ChangeRefusedError('backend', `the registry backend is not healthy: ${error.message}`, [
          this.context.port.description,
        ]);
      throw error;
    }
  }

  /** `which`: how a refusal names the ID's place (a profile's entry), before the inventory's words. */
  private findIn(inventory: AppIdInventory, id: string, which = ''): AppIdEntry {
    const found = lookupAppId(inventory, id);
    if (found.ok) return found.entry;
    const unreadable = unreadableAppIdRefusal(id, inventory.unreadable);
    if (unreadable) throw new PlanInputError(`${which}AppID ${id}`, unreadable);
    throw new ChangeRefusedError(
      found.reason === 'unknown' ? 'not-found' : 'invalid-input',
      `${which}${found.message} Nothing was changed.`,
      found.matches.map((entry) => `${appIdLabel(entry)}, ${entry.view}`),
    );
  }

  private keep(stored: StoredPlan): Plan {
    this.plans.set(stored.plan.id, stored);
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    return stored.plan;
  }

  get(id: string): StoredPlan | undefined {
    return this.plans.get(id);
  }

  delete(id: string): void {
    this.plans.delete(id);
  }

  planFrom(request: ResolvedPlanRequest, snapshots: readonly KeySnapshot[], id: string): Plan {
    const context = {
      id,
      createdAt: this.context.now().toISOString(),
      backend: this.context.port.description,
      snapshots,
      fingerprint: sha256Hex(canonicalState(snapshots)),
    };
    if ('application' in request)
      return planForAppId(request.application, request.change, context, request.serviceAccount);
    if ('profile' in request)
      return planForProfile(
        request.noFirewall ? withoutFirewall(request.profile) : request.profile,
        context,
        'applications' in request ? (request.applications ?? []) : [],
      );
    const edits = request.noFirewall
      ? request.edits.filter((edit) => !isFirewallSetting(edit.settingId))
      : request.edits;
    return planForEdits(edits, context);
  }
}
