/**
 * Every command documents itself the same way: its `--help` ends with the exit codes (numbered from ExitCode, the
 * one list), and the README's command table names every command, each once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../main/cli/commands/index';
import { EXIT_CODES_HEADING } from '../../main/cli/exit-codes-help';
import { ExitCode } from '../../main/cli/io';
import { runCliCaptured } from '../support/cli';

const CODES = new Set<number>(Object.values(ExitCode));

/** The help's last paragraph, from the heading on; undefined when it has none. */
function exitSection(help: string): string[] | undefined {
  const at = help.lastIndexOf(`\n${EXIT_CODES_HEADING}\n`);
  return at < 0
    ? undefined
    : help
        .slice(at + 1)
        .trimEnd()
        .split('\n')
        .slice(1);
}

describe('--help', () => {
  const helps = [
    [],
    ...COMMANDS.map((command) => [command.name]),
    ['profile', 'show'],
    ['profile', 'schema'],
    ['appid', 'list'],
    ['appid', 'show'],
    ['appid', 'set'],
  ];
  it.each(helps.map((args) => [['sinkguard', ...args].join(' '), args] as const))(
    '%s --help ends with its exit codes, 0 and 2 always, each a known code',
    async (_name, args) => {
      const run = await runCliCaptured([...args, '--help']);
      expect(run.code).toBe(ExitCode.ok);
      const section = exitSection(run.stdout);
      expect(section, run.stdout).toBeDefined();
      const codes = section!
        .filter((line) => /^ {2}\d/.test(line))
        .map((line) => Number(line.trim().split(' ')[0]));
      // Nothing after the section but its own lines: a code line, or a meaning continued under it.
      for (const line of section!) expect(line).toMatch(/^( {2}\d {2}\S| {5}\S)/);
      expect(codes).toContain(ExitCode.ok);
      expect(codes).toContain(ExitCode.error);
      for (const code of codes) expect(CODES.has(code)).toBe(true);
      expect(section!.find((line) => line.startsWith(`  ${ExitCode.error}  `))).toMatch(/^ {2}2 {2}error: /);
    },
    60_000,
  );
});

describe('README', () => {
  it('names every command in its command table, one line each, and no other', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(
      readme.indexOf('## Commands'),
      readme.indexOf('\n## ', readme.indexOf('## Commands') + 1),
    );
    const named = [...table.matchAll(/^\| `([a-z-]+)` +\| \S.*\|$/gm)].map((match) => match[1]);
    expect(named.slice().sort()).toEqual(COMMANDS.map((command) => command.name).sort());
  });
});
