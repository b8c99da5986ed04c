/**
 * The "Exit codes" paragraph of `--help` for the commands that read, report or compile (the change commands have
 * their own, with 3 for incomplete). Written from one list so that every command states 2 the same way.
 */
export function exitCodesHelp(codes: {
  readonly ok: string;
  readonly findings?: string;
  readonly error: string;
}): string {
  const lines = ['', 'Exit codes:', `  0  ${codes.ok}`];
  if (codes.findings) lines.push(`  1  ${codes.findings}`);
  lines.push(`  2  error: ${codes.error}`, '');
  return lines.join('\n');
}
