import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { descriptorItem } from '../../../main/domain/changes/index';
import { encodeSecurityDescriptor } from '../../../main/domain/descriptors/binary';
import { parseSddl } from '../../../main/domain/descriptors/sddl';
import { describe, expect, it } from 'vitest';
import { AuditReportSchema, type AuditReport } from '../../../main/domain/audit/report';
import {
  auditReportHtml,
  escapeHtml,
  planHtml,
  REPORT_STYLESHEET,
  REPORT_STYLESHEET_SHA256,
  type PlanForReport,
} from '../../../main/domain/report';

const context = {
  generatedAt: '2025-01-02T03:04:05.000Z',
  machine: 'simulated: legacy',
  appVersion: '0.1.0',
};

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</style><script>fetch("//evil")</script>',
  '<!-- --><svg onload=alert(1)>',
  '&lt;already&gt; & <b>bold</b>',
];

/** Every tag the documents may contain; anything else means a value escaped its escaping. */
const ALLOWED_TAGS = new Set(
  'html head meta title style body header h1 h2 h3 p code main section article table thead tbody tr th td ul li strong span pre a caption details summary br'.split(
    ' ',
  ),
);

const ALLOWED_ATTRIBUTES = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'name',
  'href',
  'rel',
  'class',
  'id',
  'aria-labelledby',
  'scope',
]);

/** Attribute names used inside real tags (escaped text has no `<`, so every match is a tag SinkGuard wrote). */
function attributesOf(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((tag) =>
    [...tag[0].replace(/"[^"]*"/g, '""').matchAll(/\s([\w-]+)=/g)].map((match) => match[1]!.toLowerCase()),
  );
}

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1]!.toLowerCase());
}

function baseFinding(
  overrides: Partial<AuditReport['findings'][number]> = {},
): AuditReport['findings'][number] {
  return {
    settingId: 'wmi.unsecapp-access-check',
    title: 'UnsecApp callback access check',
    area: 'wmi-callbacks',
    verdict: 'weak',
    severity: 'high',
    standing: 'high',
    meetsProfile: false,
    effective: { display: '0 (no access check)', raw: 0, source: 'local' },
    local: {
      location: { key: 'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM', value: 'UnsecAppAccessControlDefault' },
      state: 'present',
      raw: { type: 'REG_DWORD', data: 0 },
      display: '0 (no access check)',
      problem: null,
    },
    policy: null,
    managedByPolicy: false,
    changeableLocally: true,
    remedy: 'local',
    remedyHint: null,
    groupPolicySetting: null,
    whenAbsent: 'Microsoft documents the default as zero.',
    expected: '1 (access check)',
    explanation: 'Set to 0.',
    details: [],
    change: null,
    restartRequired: false,
    rationale: 'Why.',
    sideEffects: 'What breaks.',
    references: [{ id: 'W1', title: 'Microsoft: async', url: 'https://learn.microsoft.com/x' }],
    ...overrides,
  };
}

function report(findings: AuditReport['findings']): AuditReport {
  return AuditReportSchema.parse({
    schemaVersion: 1,
    profile: { name: 'recommended', description: 'Safe.', managementScope: ['LocalSubnet'] },
    findings,
    notAssessed: [],
    rpcPortRules: null,
    summary: {
      counts: { ok: 0, weak: findings.length, critical: 0, managed: 0, unreadable: 0 },
      worstSeverity: 'high',
      score: 0,
      meetsProfile: false,
    },
  });
}

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('the audit report document', () => {
  it('carries its own strict CSP whose style hash matches the stylesheet', () => {
    const hash = createHash('sha256').update(REPORT_STYLESHEET).digest('base64');
    expect(hash).toBe(REPORT_STYLESHEET_SHA256);
    const html = auditReportHtml(report([baseFinding()]), context);
    expect(html).toContain(`style-src &#39;sha256-${hash}&#39;`);
    expect(html).toContain('default-src &#39;none&#39;');
    expect(html).toContain(`<style>${REPORT_STYLESHEET}</style>`);
  });

  it.each(HOSTILE)('keeps hostile text %j inert in every field', (hostile) => {
    const finding = baseFinding({
      title: hostile,
      explanation: hostile,
      expected: hostile,
      rationale: hostile,
      sideEffects: hostile,
      details: [hostile],
      effective: { display: hostile, raw: hostile, source: 'policy' },
      managedByPolicy: true,
      references: [{ id: hostile, title: hostile, url: `https://learn.microsoft.com/${hostile}` }],
      change: {
        settingId: 'x',
        from: hostile,
        to: hostile,
        registryWrites: [],
        registryDeletes: [],
        firewall: null,
      },
    });
    const html = auditReportHtml(
      { ...report([finding]), profile: { name: hostile, description: hostile, managementScope: [] } },
      { ...context, machine: hostile },
    );
    expect(tagsOf(html).filter((tag) => !ALLOWED_TAGS.has(tag))).toEqual([]);
    expect(attributesOf(html).filter((name) => !ALLOWED_ATTRIBUTES.has(name))).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(escapeHtml(hostile));
  });

  it('links https references only: a javascript: URL stays text', () => {
    const finding = baseFinding({
      references: [
        { id: 'a', title: 'Good', url: 'https://learn.microsoft.com/ok' },
        { id: 'b', title: 'Bad', url: 'javascript:alert(1)' },
        { id: 'c', title: 'Data', url: 'data:text/html,<script>alert(1)</script>' },
      ],
    });
    const html = auditReportHtml(report([finding]), context);
    expect(html).toContain('<a href="https://learn.microsoft.com/ok" rel="noreferrer">Good</a>');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('href="data:');
    expect(html).toContain('Bad');
  });

  it('groups findings by area in the catalog’s order and says when policy manages one', () => {
    const html = auditReportHtml(
      report([
        baseFinding({ area: 'firewall', title: 'Fw' }),
        baseFinding({ area: 'dcom-limits', title: 'Limits', verdict: 'managed', managedByPolicy: true }),
      ]),
      context,
    );
    expect(html.indexOf('DCOM limits')).toBeLessThan(html.indexOf('Firewall'));
    expect(html).toContain('Managed by Group Policy');
    expect(html).not.toContain('id="area-wmi-callbacks"');
  });

  it('renders a real audit of the legacy machine', async () => {
    const { openSimulatedMachine } = await import('../../../main/registry/machines');
    const { auditMachine } = await import('../../../main/domain/audit');
    const { builtInProfile } = await import('../../../main/domain/profiles');
    const audit = await auditMachine(await openSimulatedMachine('legacy'), builtInProfile('recommended'));
    const html = auditReportHtml(audit, context);
    expect(tagsOf(html).filter((tag) => !ALLOWED_TAGS.has(tag))).toEqual([]);
    for (const finding of audit.findings) expect(html).toContain(escapeHtml(finding.title));
    expect(html).toContain('ANONYMOUS LOGON');
  }, 30_000);
});

describe('the plan document', () => {
  const plan: PlanForReport = {
    id: 'plan-1',
    createdAt: '2025-01-02T03:04:05.000Z',
    backend: 'simulated: legacy',
    diff: [
      {
        settingId: 'dcom.machine-access-restriction',
        title: 'DCOM machine-wide access limits',
        from: 'O:BAG:BAD:(A;;CCDCLC;;;AN)',
        to: 'O:BAG:BAD:(A;;CCDC;;;AN)',
        lines: ['ANONYMOUS LOGON: - Remote Access (allow)'],
        restartRequired: true,
      },
    ],
    skipped: [{ title: 'Policy one', message: 'Group Policy sets it' }],
    warnings: [{ message: 'Anonymous callers are refused', breaksCallbacks: true }],
    changes: [
      {
        settingId: 'dcom.machine-access-restriction',
        title: 'DCOM machine-wide access limits',
        summary: null,
        restartRequired: true,
        items: [
          descriptorItem(
            'MachineAccessRestriction',
            'access',
            {
              before: {
                type: 'REG_BINARY',
                data: encodeSecurityDescriptor(parseSddl('O:BAG:BAD:(A;;CCDCLC;;;AN)')),
              },
              after: {
                type: 'REG_BINARY',
                data: encodeSecurityDescriptor(parseSddl('O:BAG:BAD:(A;;CCDC;;;AN)')),
              },
            },
            null,
          ),
        ],
        technical: ['- O:BAG:BAD:(A;;CCDCLC;;;AN)', '+ O:BAG:BAD:(A;;CCDC;;;AN)'],
      },
    ],
  };

  it('lists the diff, who is affected and what was left out', () => {
    const html = planHtml(plan, context);
    // The principal × rights table, the raw SDDL only under "Technical details".
    expect(html).toMatch(
      /<th scope="row">ANONYMOUS LOGON <strong>\(changed\)<\/strong><\/th><td>Allow<\/td><td><strong>\* Allow → —/,
    );
    expect(html.split('<details>')[0]).not.toContain('(A;;');
    expect(html).toContain('<summary>Technical details</summary><pre>- O:BAG:BAD:(A;;CCDCLC;;;AN)');
    expect(html).toContain('Breaks callbacks');
    expect(html).toContain('Policy one: Group Policy sets it');
    expect(html).toContain('Takes effect after a restart.');
  });

  it.each(HOSTILE)('keeps hostile text %j inert', (hostile) => {
    const html = planHtml(
      {
        ...plan,
        id: hostile,
        backend: hostile,
        diff: [{ ...plan.diff[0]!, title: hostile, from: hostile, to: hostile, lines: [hostile, hostile] }],
        changes: [
          {
            ...plan.changes[0]!,
            title: hostile,
            summary: hostile,
            items: [
              {
                kind: 'value',
                value: hostile,
                before: { shown: hostile, meaning: hostile },
                after: { shown: hostile, meaning: null },
              },
              {
                kind: 'rule',
                ruleId: hostile,
                name: hostile,
                group: hostile,
                profiles: hostile,
                change: 'changed',
                fields: [{ field: hostile, before: hostile, after: hostile }],
              },
              { kind: 'note', text: hostile },
            ],
            technical: [hostile],
          },
        ],
        skipped: [{ title: hostile, message: hostile }],
        warnings: [{ message: hostile, breaksCallbacks: false }],
      },
      context,
    );
    expect(tagsOf(html).filter((tag) => !ALLOWED_TAGS.has(tag))).toEqual([]);
    expect(attributesOf(html).filter((name) => !ALLOWED_ATTRIBUTES.has(name))).toEqual([]);
    expect(html).not.toMatch(/<script/i);
  });

  it('says so when there is nothing to change', () => {
    expect(planHtml({ ...plan, diff: [], changes: [] }, context)).toContain('Nothing to change');
  });
});

describe('the report module', () => {
  it('is pure: imports nothing from Node, the registry or the UI', () => {
    for (const file of ['html.ts', 'change-html.ts', 'escape.ts', 'standing.ts']) {
      const source = readFileSync(new URL(`../../../main/domain/report/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      // The change view's model only (pure, no Node): never the plan builder or the registry.
      expect(
        imports.filter(
          (path) =>
            !/^\.\.\/(audit|catalog)\//.test(path!) &&
            path !== '../changes/change-view' &&
            !path!.startsWith('./'),
        ),
        file,
      ).toEqual([]);
    }
  });
});
