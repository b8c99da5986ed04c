import type { AuditReport, Finding } from '../audit/report';
import { SETTING_AREAS, type SettingArea } from '../catalog/types';
import { changeHtml } from './change-html';
import { escapeHtml } from './escape';
import { policyOnlyReadings, policyOnlySentence } from './policy-only';
import type { SettingChange } from '../changes/change-view';
import { STANDING_LABELS, STANDINGS, standingCounts, type Standing } from './standing';

/**
 * The audit report and the change plan as standalone HTML documents, for the admin to save, mail or attach to a
 * change ticket. Pure string building: every value is HTML-escaped, there is no script, no inline event handler and
 * no style attribute, and the document carries its own Content-Security-Policy that allows nothing but its one
 * stylesheet (by hash). Links are kept only for https URLs.
 */

export { escapeHtml } from './escape';

/**
 * The documents' only styles. Its SHA-256 is in the CSP below; test/unit/renderer/report-html.test.ts recomputes
 * it, so editing the sheet without the hash fails a test rather than silently unstyling the export.
 */
export const REPORT_STYLESHEET = [
  ':root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45}',
  'body{max-width:60rem;margin:2rem auto;padding:0 1rem}',
  'table{border-collapse:collapse;width:100%}',
  'th,td{border:1px solid #8886;padding:.35rem .5rem;text-align:left;vertical-align:top}',
  'code,pre{font-family:ui-monospace,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere;white-space:pre-wrap}',
  '.verdict{font-weight:700;text-transform:uppercase}',
  '.critical{color:#c62828}.weak{color:#b45309}.ok{color:#2e7d32}.managed{color:#1565c0}.unreadable{color:#6b7280}',
  'section{margin-block:1.5rem}',
].join('\n');

/** SHA-256 of {@link REPORT_STYLESHEET}, base64, as the CSP wants it. */
export const REPORT_STYLESHEET_SHA256 = 'quleUEOi/rDGSTTlZlK+364j6/VrazUeHz942TXLs98=';

export const REPORT_CSP = `default-src 'none'; style-src 'sha256-${REPORT_STYLESHEET_SHA256}'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;

/** Where and when the document was made; shown in its header. */
export interface ReportContext {
  /** ISO 8601 time the document was generated. */
  readonly generatedAt: string;
  /** The registry backend / machine the values were read from, e.g. `simulated: legacy`. */
  readonly machine: string;
  readonly appVersion: string;
}

export const AREA_TITLES: Readonly<Record<SettingArea, string>> = {
  'wmi-callbacks': 'WMI callbacks',
  'dcom-limits': 'DCOM limits',
  authentication: 'Authentication',
  firewall: 'Firewall',
  rpc: 'RPC',
};

/** The stylesheet's colour class per standing: the sheet's classes predate standings, so shortfalls share .weak. */
export const STANDING_CLASS: Readonly<Record<Standing, string>> = {
  critical: 'critical',
  high: 'weak',
  medium: 'weak',
  low: 'weak',
  managed: 'managed',
  unreadable: 'unreadable',
  ok: 'ok',
};

const e = escapeHtml;

function link(url: string, title: string): string {
  // Only plain https links: a crafted report must not smuggle a javascript: or data: URL into the document.
  return /^https:\/\/[^\s"'<>]+$/.test(url)
    ? `<a href="${e(url)}" rel="noreferrer">${e(title)}</a>`
    : e(title);
}

function document(title: string, context: ReportContext, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(REPORT_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${REPORT_STYLESHEET}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${e(title)}</h1>`,
    `<p>Machine: <code>${e(context.machine)}</code>. Generated ${e(context.generatedAt)} by SinkGuard ${e(context.appVersion)}.</p>`,
    '</header>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function findingHtml(finding: Finding): string {
  const rows: [string, string][] = [
    [
      'Standing',
      `<span class="verdict ${STANDING_CLASS[finding.standing]}">${e(STANDING_LABELS[finding.standing])}</span>`,
    ],
    ['Effective value', `<code>${e(finding.effective.display)}</code> (${e(finding.effective.source)})`],
    ['Profile expects', e(finding.expected)],
  ];
  if (finding.local)
    rows.push([
      'Local value',
      `<code>${e(finding.local.location.key)}\\${e(finding.local.location.value)}</code>: ${e(finding.local.display)}`,
    ]);
  if (finding.policy)
    rows.push([
      'Group Policy value',
      `<code>${e(finding.policy.location.key)}\\${e(finding.policy.location.value)}</code>: ${e(finding.policy.display)}`,
    ]);
  if (finding.change)
    rows.push([
      'Change the profile makes',
      `<code>${e(finding.change.from)}</code> → <code>${e(finding.change.to)}</code>`,
    ]);
  return [
    '<article>',
    `<h3>${e(finding.title)}</h3>`,
    `<p>${e(finding.explanation)}</p>`,
    finding.managedByPolicy
      ? '<p><strong>Managed by Group Policy:</strong> change it in the GPO that manages this machine; a local change would have no effect.</p>'
      : '',
    `<table><tbody>${rows.map(([label, value]) => `<tr><th scope="row">${e(label)}</th><td>${value}</td></tr>`).join('')}</tbody></table>`,
    finding.details.length > 0
      ? `<ul>${finding.details.map((detail) => `<li>${e(detail)}</li>`).join('')}</ul>`
      : '',
    `<p><strong>Why it matters:</strong> ${e(finding.rationale)}</p>`,
    `<p><strong>Side effects of the change:</strong> ${e(finding.sideEffects)}</p>`,
    finding.restartRequired ? '<p>A restart is needed for a change to take effect.</p>' : '',
    finding.references.length > 0
      ? `<p>References: ${finding.references.map((reference) => link(reference.url, reference.title)).join('; ')}</p>`
      : '',
    '</article>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/** The audit report as a standalone HTML document. */
export function auditReportHtml(report: AuditReport, context: ReportContext): string {
  const counts = standingCounts(report.findings);
  const summary = [
    '<section aria-labelledby="summary">',
    '<h2 id="summary">Summary</h2>',
    `<p>Profile <strong>${e(report.profile.name)}</strong>${report.profile.description ? `: ${e(report.profile.description)}` : ''}</p>`,
    `<p>${report.summary.meetsProfile ? 'This machine meets the profile.' : 'This machine does not meet the profile.'} Posture score: ${report.summary.score}/100 (weighted by severity).</p>`,
    '<table><thead><tr><th scope="col">Standing</th><th scope="col">Settings</th></tr></thead><tbody>',
    ...STANDINGS.map(
      (standing) =>
        `<tr><td class="${STANDING_CLASS[standing]}">${e(STANDING_LABELS[standing])}</td><td>${counts[standing]}</td></tr>`,
    ),
    '</tbody></table>',
    '</section>',
  ];
  const areas = SETTING_AREAS.map((area) => {
    const findings = report.findings.filter((finding) => finding.area === area);
    if (findings.length === 0) return '';
    return [
      `<section aria-labelledby="area-${area}">`,
      `<h2 id="area-${area}">${e(AREA_TITLES[area])}</h2>`,
      ...findings.map(findingHtml),
      '</section>',
    ].join('\n');
  });
  const policyOnly = policyOnlyReadings(report);
  const policyOnlySection =
    policyOnly.length > 0
      ? [
          '<section aria-labelledby="policy-only-rpc">',
          '<h2 id="policy-only-rpc">RPC settings only Group Policy sets</h2>',
          '<p>No local change reaches these: only a Group Policy object sets them.</p>',
          `<ul>${policyOnly.map(({ setting, reading }) => `<li>${e(policyOnlySentence(setting, reading))}</li>`).join('')}</ul>`,
          '</section>',
        ].join('\n')
      : '';
  const notAssessed =
    report.notAssessed.length > 0
      ? `<section><h2>Not assessed by this profile</h2><ul>${report.notAssessed.map((item) => `<li>${e(item.title)}</li>`).join('')}</ul></section>`
      : '';
  return document(
    `SinkGuard audit: ${report.profile.name}`,
    context,
    [...summary, ...areas, policyOnlySection, notAssessed].join('\n'),
  );
}

/** The parts of a change plan the document shows (the contract's plan and the domain's plan both have them). */
export interface PlanForReport {
  readonly id: string;
  readonly createdAt: string;
  readonly backend: string;
  readonly diff: readonly {
    readonly settingId: string;
    readonly title: string;
    readonly from: string;
    readonly to: string;
    readonly lines: readonly string[];
    readonly restartRequired: boolean;
  }[];
  readonly skipped: readonly { readonly title: string; readonly message: string }[];
  readonly warnings: readonly { readonly message: string; readonly breaksCallbacks: boolean }[];
  /** The diff in the admin's words (the same view the review shows); raw lines go under "Technical details". */
  readonly changes: readonly SettingChange[];
}

/** A change plan (what will be or was changed) as a standalone HTML document. */
export function planHtml(plan: PlanForReport, context: ReportContext): string {
  const changes =
    plan.changes.length === 0
      ? '<p>Nothing to change: the machine already has these values.</p>'
      : plan.changes.map(changeHtml).join('\n');
  const warnings =
    plan.warnings.length > 0
      ? `<section><h2>Who is affected</h2><ul>${plan.warnings.map((warning) => `<li>${warning.breaksCallbacks ? '<strong>Breaks callbacks:</strong> ' : ''}${e(warning.message)}</li>`).join('')}</ul></section>`
      : '';
  const skipped =
    plan.skipped.length > 0
      ? `<section><h2>Left out</h2><ul>${plan.skipped.map((item) => `<li>${e(item.title)}: ${e(item.message)}</li>`).join('')}</ul></section>`
      : '';
  const body = [
    `<p>Plan <code>${e(plan.id)}</code>, made ${e(plan.createdAt)} from ${e(plan.backend)}.</p>`,
    `<section><h2>Changes</h2>\n${changes}\n</section>`,
    warnings,
    skipped,
  ]
    .filter((part) => part !== '')
    .join('\n');
  return document('SinkGuard change plan', context, body);
}
