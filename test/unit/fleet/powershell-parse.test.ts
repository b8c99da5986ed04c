/**
 * The ps1 export read by a PowerShell parser: tree-sitter's PowerShell grammar (npm tree-sitter-powershell, run
 * through web-tree-sitter's WebAssembly build). It is not PowerShell's own parser (no PowerShell can be installed
 * here: Debian has none, and the npm packages that bring one download it), but it is a real, independent grammar:
 * the script must parse without an error node, profile text must stay inside comments and the data literal, and
 * the narrow-rule commands the script runs must be single commands whose arguments are literals only.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import {
  DATA_LINE_PREFIX,
  compilePowerShell,
  powerShellData,
  profileDesiredState,
} from '../../../main/domain/fleet/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { everyProfile, hostileText, profileWith, textOf } from './support';

let parser: Parser;
beforeAll(async () => {
  await Parser.init();
  const grammar = dirname(createRequire(import.meta.url).resolve('tree-sitter-powershell/package.json'));
  parser = new Parser();
  parser.setLanguage(await Language.load(join(grammar, 'tree-sitter-powershell.wasm')));
});

function parse(text: string): Node {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree.rootNode;
}

/** Every error or missing node, as `type at row:column: text` (empty for a clean parse). */
function problems(root: Node): string[] {
  const found: string[] = [];
  const walk = (node: Node): void => {
    if (node.isError || node.isMissing)
      found.push(
        `${node.type} at ${node.startPosition.row}:${node.startPosition.column}: ${node.text.slice(0, 60)}`,
      );
    for (const child of node.children) if (child) walk(child);
  };
  walk(root);
  return found;
}

/** The leaf tokens outside comments, with the data literal's content replaced: what the script runs. */
function codeTokens(root: Node): string[] {
  const tokens: string[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'comment') return;
    if (node.childCount === 0) {
      const data = node.type === 'verbatim_string_characters' && /^'[A-Za-z0-9+/=]{200,}'$/.test(node.text);
      tokens.push(`${node.type} ${data ? '<data>' : node.text}`);
      return;
    }
    for (const child of node.children) if (child) walk(child);
  };
  walk(root);
  return tokens;
}

function comments(root: Node): string[] {
  const found: string[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'comment') found.push(node.text);
    else for (const child of node.children) if (child) walk(child);
  };
  walk(root);
  return found;
}

const ps1 = (state: ReturnType<typeof profileDesiredState>) => textOf(compilePowerShell(state));

describe('the ps1 export, parsed by a PowerShell grammar', () => {
  it.each(everyProfile())('parses without an error node (%s profile)', (_name, profile) => {
    expect(problems(parse(ps1(profileDesiredState(profile))))).toEqual([]);
  });

  it.each(everyProfile())(
    'runs the same tokens as the recommended profile, profile text only in comments and the data literal (%s profile)',
    (_name, profile) => {
      const state = profileDesiredState(profile);
      const root = parse(ps1(state));
      const reference = codeTokens(parse(ps1(profileDesiredState(builtInProfile('recommended')))));
      expect(codeTokens(root)).toEqual(reference);
      // The data literal is the one base64 string on the data line, as the parser sees it.
      const data = codeTokens(root).filter((token) => token.endsWith('<data>'));
      expect(data).toHaveLength(1);
      const line = ps1(state)
        .split('\r\n')
        .find((candidate) => candidate.startsWith(DATA_LINE_PREFIX))!;
      expect(parse(line).text).toBe(line);
      for (const comment of comments(root)) expect(comment).toMatch(/^#[^\r\n]*$/);
    },
  );

  it('keeps random hostile profile text out of the code (sampled)', () => {
    const reference = codeTokens(parse(ps1(profileDesiredState(builtInProfile('strict')))));
    for (const [name, description] of fc.sample(fc.tuple(hostileText, hostileText), {
      numRuns: 60,
      seed: 7,
    })) {
      const root = parse(ps1(profileDesiredState(profileWith(name, description))));
      expect(problems(root)).toEqual([]);
      expect(codeTokens(root)).toEqual(reference);
    }
  }, 60_000);

  it('finds an error in a script with an unbalanced brace (the parser is real)', () => {
    const broken = ps1(profileDesiredState(builtInProfile('recommended'))).replace(
      'function Add-Result(',
      'function Add-Result {(',
    );
    expect(problems(parse(broken)).length).toBeGreaterThan(0);
  });

  /** Token types a narrow-rule command may hold: names, parameters, literals, separators. No variable, no code. */
  const LITERAL_TOKENS = new Set([
    'command_name',
    'command_parameter',
    'command_argument_sep',
    'verbatim_string_characters',
    'generic_token',
    ',',
    '|',
  ]);

  it.each(everyProfile())(
    'runs narrow-rule commands that are one New-/Set-NetFirewallRule each, with literal arguments only (%s profile)',
    (_name, profile) => {
      const rules = powerShellData(profileDesiredState(profile)).narrowRules;
      for (const rule of rules) {
        for (const [command, cmdlet] of [
          [rule.create, 'New-NetFirewallRule'],
          [rule.update, 'Set-NetFirewallRule'],
        ] as const) {
          const root = parse(command);
          expect(problems(root), command).toEqual([]);
          const [statement, separator, pipeline, ...rest] = root.children[0]!.children;
          // `$ErrorActionPreference = 'Stop'` (the change engine's prefix), then the one command pipeline.
          expect(statement?.text).toBe("$ErrorActionPreference = 'Stop'");
          expect(separator?.text).toBe(';');
          expect(rest).toEqual([]);
          // Whitespace between arguments is an anonymous token of its own; it is no code.
          const leaves = codeTokens(pipeline!).filter((leaf) => leaf.trim() !== '');
          expect(leaves[0]).toBe(`command_name ${cmdlet}`);
          for (const leaf of leaves) expect(LITERAL_TOKENS, leaf).toContain(leaf.slice(0, leaf.indexOf(' ')));
          const strings = leaves
            .filter((leaf) => leaf.startsWith('verbatim_string_characters '))
            .map((leaf) => leaf.slice('verbatim_string_characters '.length).slice(1, -1).replace(/''/g, "'"));
          expect(strings[0]).toBe(rule.ruleId);
          expect(strings).toEqual(expect.arrayContaining([...rule.remoteAddresses, rule.profile]));
        }
      }
    },
  );
});
