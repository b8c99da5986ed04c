import {
  descriptorSidesWords,
  PRINCIPAL_STATUS_WORDS,
  RULE_CHANGE_WORDS,
  cellWords,
  ruleContext,
  type ChangeItem,
  type SettingChange,
} from '../changes/change-view';
import { escapeHtml as e } from './escape';

/** One setting's change view as HTML for the exported plan: the review's words, raw lines in a <details>. */

function itemHtml(item: ChangeItem): string {
  switch (item.kind) {
    case 'descriptor': {
      const sides = descriptorSidesWords(item);
      const head = `<tr><th scope="col">Principal</th>${item.columns.map((c) => `<th scope="col">${e(c)}</th>`).join('')}</tr>`;
      const rows = item.rows
        .map(
          (row) =>
            `<tr><th scope="row">${e(row.name)}${row.status === 'unchanged' ? '' : ` <strong>(${e(PRINCIPAL_STATUS_WORDS[row.status])})</strong>`}</th>${row.cells
              .map((cell) =>
                cell.before === cell.after
                  ? `<td>${e(cellWords(cell))}</td>`
                  : `<td><strong>* ${e(cellWords(cell))}</strong></td>`,
              )
              .join('')}</tr>`,
        )
        .join('');
      const notes = item.notes.length > 0 ? `<p>${e(item.notes.join('; '))}</p>` : '';
      return `<table><caption>${e(item.value + sides)}</caption><thead>${head}</thead><tbody>${rows}</tbody></table>${notes}`;
    }
    case 'value':
      return [
        `<p><strong>${e(`${item.value}: ${item.before.shown} → ${item.after.shown}`)}</strong></p>`,
        item.before.meaning ? `<p>Before: ${e(item.before.meaning)}</p>` : '',
        item.after.meaning ? `<p>After: ${e(item.after.meaning)}</p>` : '',
      ].join('');
    case 'rule': {
      const context = ruleContext(item);
      return [
        `<p><strong>Firewall rule “${e(item.name)}”: ${e(RULE_CHANGE_WORDS[item.change])}</strong>${context ? `<br>${e(context)}` : ''}</p>`,
        `<ul>${item.fields.map((f) => `<li>${e(`${f.field}: ${f.before} → ${f.after}`)}</li>`).join('')}</ul>`,
      ].join('');
    }
    case 'note':
      return `<p>${e(item.text)}</p>`;
  }
}

export function changeHtml(change: SettingChange): string {
  return [
    '<article>',
    `<h3>${e(change.title)}</h3>`,
    change.summary ? `<p>${e(change.summary)}</p>` : '',
    ...change.items.map(itemHtml),
    change.restartRequired ? '<p>Takes effect after a restart.</p>' : '',
    change.technical.length > 0
      ? `<details><summary>Technical details</summary><pre>${e(change.technical.join('\n'))}</pre></details>`
      : '',
    '</article>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
