import { REPORT_CSP, REPORT_STYLESHEET, STANDING_CLASS, escapeHtml } from '../report/html';
import { STANDING_LABELS, STANDINGS, type Standing } from '../report/standing';
import { MATRIX_SETTINGS } from './aggregate';
import type { FleetReportBody } from './report';

const cell = (standing: Standing | null): string =>
  standing === null
    ? '<td></td>'
    : `<td class="${STANDING_CLASS[standing]}">${escapeHtml(STANDING_LABELS[standing])}</td>`;

/**
 * The fleet report as one self-contained HTML document (the audit report's stylesheet and Content-Security-Policy):
 * counts, the facts behind shortfalls, unreadable hosts, drift and the hosts × settings matrix. Every value from the
 * fleet is escaped.
 */
export function fleetHtml(
  input: FleetReportBody & {
    readonly profile: string;
    readonly collection: string;
    readonly generatedAt: string;
    readonly appVersion: string;
  },
): string {
  const { counts } = input;
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`,
    `<title>SinkGuard fleet audit: ${escapeHtml(input.collection)}</title>`,
    `<style>${REPORT_STYLESHEET}</style></head><body>`,
    `<h1>SinkGuard fleet audit</h1>`,
    `<p>Collection <code>${escapeHtml(input.collection)}</code> against the profile “${escapeHtml(input.profile)}”; generated ${escapeHtml(input.generatedAt)} by SinkGuard ${escapeHtml(input.appVersion)}.</p>`,
    `<p>${counts.hosts} hosts: ${counts.audited} audited, ${counts.unreadable} could not be read.</p>`,
    '<section><h2>Hosts by their worst setting</h2><table><tr><th>Standing</th><th>Hosts</th></tr>',
    ...STANDINGS.map(
      (s) =>
        `<tr><td class="${STANDING_CLASS[s]}">${escapeHtml(STANDING_LABELS[s])}</td><td>${counts.byWorstStanding[s]}</td></tr>`,
    ),
    '</table></section>',
    '<section><h2>By setting</h2><table><tr><th>Setting</th><th>Standing</th><th>Hosts</th></tr>',
    ...counts.bySetting.map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.title)}</td><td class="${STANDING_CLASS[entry.standing]}">${escapeHtml(STANDING_LABELS[entry.standing])}</td><td>${entry.hosts.length}: ${escapeHtml(entry.hosts.join(', '))}</td></tr>`,
    ),
    '</table></section>',
    '<section><h2>By finding</h2><table><tr><th>Finding</th><th>Setting</th><th>Hosts</th></tr>',
    ...counts.byFinding.map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.finding)}</td><td><code>${escapeHtml(entry.settingId)}</code></td><td>${entry.count}: ${escapeHtml(entry.hosts.join(', '))}${entry.count > entry.hosts.length ? ' …' : ''}</td></tr>`,
    ),
    '</table></section>',
  ];
  if (input.problems.size > 0) {
    parts.push('<section><h2>Could not be read</h2><table><tr><th>Host</th><th>Why</th></tr>');
    for (const [host, problem] of input.problems)
      parts.push(`<tr><td>${escapeHtml(host)}</td><td>${escapeHtml(problem)}</td></tr>`);
    parts.push('</table></section>');
  }
  if (input.drift) {
    const { drift } = input;
    parts.push(
      `<section><h2>Drift since <code>${escapeHtml(drift.compareTo)}</code></h2>`,
      `<p>${drift.changed.length} changes; new hosts: ${escapeHtml(drift.newHosts.join(', ') || 'none')}; gone: ${escapeHtml(drift.goneHosts.join(', ') || 'none')}.</p>`,
      '<table><tr><th>Host</th><th>Setting</th><th>Before</th><th>Now</th></tr>',
      ...drift.changed.map(
        (change) =>
          `<tr><td>${escapeHtml(change.host)}</td><td>${escapeHtml(change.title)}</td>${cell(change.from)}${cell(change.to)}</tr>`,
      ),
      '</table></section>',
    );
  }
  parts.push(
    '<section><h2>Hosts × settings</h2><table><tr><th>Host</th><th>Score</th>',
    ...MATRIX_SETTINGS.map(
      (setting) =>
        `<th><abbr title="${escapeHtml(setting.title)}">${escapeHtml(setting.settingId)}</abbr></th>`,
    ),
    '</tr>',
    ...input.rows.map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(row.host)}</th><td>${row.score ?? ''}</td>` +
        (row.status === 'audited'
          ? row.standings.map(cell).join('')
          : `<td class="unreadable" colspan="${MATRIX_SETTINGS.length}">could not be read</td>`) +
        '</tr>',
    ),
    '</table></section></body></html>',
    '',
  );
  return parts.join('\n');
}
