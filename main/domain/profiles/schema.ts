import { z } from 'zod';
import { CATALOG } from '../catalog/settings';
import { WATCHED_PRINCIPALS, type CatalogSetting, type WatchedPrincipal } from '../catalog/types';
import { parsePortSpec } from '../catalog/rpc-ports';
import { ProfileApplicationsSchema } from './applications';
import { scopeEntryProblem } from './scope';

function describeValues(setting: { allowed: readonly { value: number | string; name: string }[] }): string {
  return setting.allowed.map((named) => `${JSON.stringify(named.value)} (${named.name})`).join(', ');
}

function literalOf<V extends number | string>(values: readonly V[]) {
  return z.literal(values as [V, ...V[]]);
}

function numberTargetSchema(setting: Extract<CatalogSetting, { kind: 'dword' }>) {
  const value = literalOf(setting.allowed.map((named) => named.value));
  return z.union(
    [
      z.strictObject({ equals: value }),
      z.strictObject({ anyOf: z.array(value).min(1) }),
      z.strictObject({ atLeast: value }),
      z.strictObject({ atMost: value }),
    ],
    {
      error: `expected {"equals": V}, {"anyOf": [V, ...]}, {"atLeast": V} or {"atMost": V} where V is one of ${describeValues(setting)}`,
    },
  );
}

function yesNoTargetSchema(setting: Extract<CatalogSetting, { kind: 'yes-no' }>) {
  const value = z.enum(['Y', 'N']);
  return z.union([z.strictObject({ equals: value }), z.strictObject({ anyOf: z.array(value).min(1) })], {
    error: `expected {"equals": "Y"|"N"} or {"anyOf": ["Y"|"N", ...]} (${describeValues(setting)})`,
  });
}

const principalSchema = z.enum(Object.keys(WATCHED_PRINCIPALS) as [WatchedPrincipal, ...WatchedPrincipal[]]);

const descriptorTargetSchema = z.strictObject({
  noRemoteBeyondDefault: z.array(principalSchema).describe(
    `SDDL aliases of principals that may hold no remote right beyond Windows' default: ${Object.entries(
      WATCHED_PRINCIPALS,
    )
      .map(([alias, principal]) => `${alias} = ${principal.name}`)
      .join(', ')}`,
  ),
});

const portSpecSchema = z.string().superRefine((text, context) => {
  const problem = parsePortSpec(text).problem;
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const rpcPortsTargetSchema = z.union(
  [
    z.strictObject({ restrict: z.literal(false) }),
    z.strictObject({
      restrict: z.literal(true),
      ports: z
        .array(portSpecSchema)
        .min(1)
        .describe('Ports or inclusive ranges, e.g. "5000-6000", written to Rpc\\Internet\\Ports'),
    }),
  ],
  { error: 'expected {"restrict": false} or {"restrict": true, "ports": ["5000-6000", ...]}' },
);

function flagsTargetSchema(setting: Extract<CatalogSetting, { kind: 'flags' }>) {
  const name = z.enum(setting.flags.map((flag) => flag.name) as [string, ...string[]], {
    error: `expected a flag name: ${setting.flags.map((flag) => flag.name).join(', ')}`,
  });
  return z
    .strictObject({
      set: z.array(name).default([]).describe('Flags that must be on'),
      clear: z.array(name).default([]).describe('Flags that must be off; the others are left as they are'),
    })
    .superRefine((target, context) => {
      const both = target.set.filter((flag) => target.clear.includes(flag));
      if (both.length > 0)
        context.addIssue({ code: 'custom', message: `${both.join(', ')} cannot be both set and clear` });
    });
}

const appIdTargetSchema = z.strictObject({
  noRemoteGrant: principalSchema
    .array()
    .describe(
      'SDDL aliases of principals no AppID may grant a remote right (remote access, launch or activation)',
    ),
  minimumAuthenticationLevel: z
    .literal([1, 2, 3, 4, 5, 6])
    .describe('Lowest AppID AuthenticationLevel accepted (RPC_C_AUTHN_LEVEL_*; 2 = anything but NONE)'),
});

const firewallTargetSchema = z.strictObject({
  reachableFrom: z
    .enum(['management-scope', 'nowhere'])
    .describe('management-scope: only from the profile managementScope; nowhere: no enabled allow rule'),
});

function targetSchema(setting: CatalogSetting) {
  switch (setting.kind) {
    case 'dword':
      return numberTargetSchema(setting);
    case 'flags':
      return flagsTargetSchema(setting);
    case 'yes-no':
      return yesNoTargetSchema(setting);
    case 'descriptor':
      return descriptorTargetSchema;
    case 'rpc-ports':
      return rpcPortsTargetSchema;
    case 'firewall-exposure':
      return firewallTargetSchema;
    case 'appid-permissions':
      return appIdTargetSchema;
  }
}

const settingsShape = Object.fromEntries(
  CATALOG.map((setting) => [setting.id, targetSchema(setting).optional().describe(setting.title)]),
);

const scopeEntrySchema = z.string().superRefine((entry, context) => {
  const problem = scopeEntryProblem(entry);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/** A hardening profile file (JSON or YAML). Published as main/domain/profiles/profile.schema.json. */
export const ProfileSchema = z
  .strictObject({
    $schema: z.string().max(2048).optional().describe('Path or URL of this JSON Schema, for editors'),
    name: z.string().min(1).max(80).describe('Short name shown in reports'),
    description: z.string().max(2000).optional(),
    managementScope: z
      .array(scopeEntrySchema)
      .min(1)
      .max(256)
      .describe(
        'Where remote management may come from: LocalSubnet, IPv4/IPv6 addresses, CIDR blocks or ranges a-b (never Any)',
      ),
    settings: z
      .strictObject(settingsShape)
      .describe('Target per catalog setting id; a setting left out is not assessed by this profile'),
    applications: ProfileApplicationsSchema.optional(),
  })
  .meta({ title: 'SinkGuard hardening profile' });

export type ProfileDocument = z.infer<typeof ProfileSchema>;

/** The published JSON Schema of profile files, generated from ProfileSchema. */
export function profileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ProfileSchema, { io: 'input' }) as Record<string, unknown>;
}
