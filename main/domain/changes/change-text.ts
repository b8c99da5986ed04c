import {
  descriptorSidesWords,
  PRINCIPAL_STATUS_WORDS,
  RULE_CHANGE_WORDS,
  cellWords,
  ruleHeading,
  type ChangeItem,
  type DescriptorItem,
  type SettingChange,
} from './change-view';

/** The change view as plain text, for the CLI and logs: the same model the app and the exported plan render. */

/** A changed cell or principal is marked `*`. */
const MARK = '*';

/** A principal × rights table, columns padded to their widest cell. */
export function rightsTable(item: DescriptorItem): string[] {
  const header = ['Principal', ...item.columns];
  const rows = item.rows.map((row) => [
    `${row.name}${row.status === 'unchanged' ? '' : ` (${PRINCIPAL_STATUS_WORDS[row.status]})`}`,
    ...row.cells.map((cell) => `${cell.before === cell.after ? '' : `${MARK} `}${cellWords(cell)}`),
  ]);
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => row[index]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function itemLines(item: ChangeItem): string[] {
  switch (item.kind) {
    case 'descriptor': {
      const sides = descriptorSidesWords(item);
      return [
        `${item.value}${sides}:`,
        ...rightsTable(item).map((line) => `  ${line}`),
        ...item.notes.map((note) => `  ${note}`),
      ];
    }
    case 'value':
      return [
        `${item.value}: ${item.before.shown} → ${item.after.shown}`,
        ...(item.before.meaning ? [`  before: ${item.before.meaning}`] : []),
        ...(item.after.meaning ? [`  after: ${item.after.meaning}`] : []),
      ];
    case 'rule':
      return [
        `Firewall rule ${ruleHeading(item)}: ${RULE_CHANGE_WORDS[item.change]}`,
        ...item.fields.map((field) => `  ${field.field}: ${field.before} → ${field.after}`),
      ];
    case 'note':
      return [item.text];
  }
}

/** One setting's change: its items, and with `technical` the raw values, rule strings and commands. */
export function changeLines(change: SettingChange, technical = false): string[] {
  const lines = [...(change.summary ? [change.summary] : []), ...change.items.flatMap(itemLines)];
  if (technical && change.technical.length > 0)
    lines.push('Technical details:', ...change.technical.map((line) => `  ${line}`));
  return lines;
}
