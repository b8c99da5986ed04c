import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Profile } from './profile';
import { changeOf, type ProfileApplication } from './applications';
import { ProfileSchema } from './schema';

/** A profile is a few kilobytes; anything past this is refused before YAML parses it (bounded time and memory). */
export const MAX_PROFILE_CHARACTERS = 1 << 20;

/** How many times YAML aliases may be expanded in one profile: a real profile needs none. */
const MAX_ALIAS_COUNT = 100;

/** A profile file that cannot be used: names the file, the field (dotted path) or line, and why. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    readonly source: string,
    /** Dotted path of the offending field (`settings.dcom.legacy-authentication-level.atLeast`), or `line N`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${source}: ${field}: ${reason}`);
  }
}

/** `settings["dcom.legacy-authentication-level"].atLeast`: setting ids contain dots, so they are quoted. */
function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) text += `${text === '' ? '' : '.'}${String(part)}`;
    else text += `[${JSON.stringify(String(part))}]`;
  }
  return text === '' ? '(top level)' : text;
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; reason: string } {
  if (issue.code === 'unrecognized_keys') {
    const inSettings = issue.path.length === 1 && issue.path[0] === 'settings';
    return {
      path: [...issue.path, issue.keys[0] ?? ''],
      reason: inSettings ? 'unknown setting id (see the catalog)' : 'unknown field',
    };
  }
  return { path: [...issue.path], reason: issue.message };
}

/**
 * Parses a profile file's text (JSON or YAML: YAML 1.2 reads both) and validates it. `source` names the file in
 * errors. Throws ProfileError for the first problem; never returns a partial profile.
 */
export function parseProfileText(text: string, source: string): Profile {
  if (text.length > MAX_PROFILE_CHARACTERS) {
    throw new ProfileError(
      source,
      '(file)',
      `it is ${text.length} characters long; a profile is at most ${MAX_PROFILE_CHARACTERS} (a few kilobytes is usual)`,
    );
  }
  const document = parseDocument(text, { uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const position = syntaxError.linePos?.[0];
    const where = position ? `line ${position.line}, column ${position.col}` : 'syntax';
    const reason = syntaxError.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    throw new ProfileError(source, where, reason);
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // yaml throws a plain ReferenceError when aliases expand past the limit (a "billion laughs" document).
    throw new ProfileError(
      source,
      '(top level)',
      `its YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies; write the values out instead`,
    );
  }
  return validateProfile(data, source);
}

/** An application entry without the fields zod left undefined, so a profile written out reads back the same. */
const withoutUndefined = (entry: ProfileApplication): ProfileApplication => ({
  id: entry.id,
  ...changeOf(entry),
});

/** Validates an already-parsed profile object. */
export function validateProfile(data: unknown, source: string): Profile {
  const result = ProfileSchema.safeParse(data);
  if (!result.success) {
    const { path, reason } = describeIssue(result.error.issues[0]!);
    throw new ProfileError(source, fieldPath(path), reason);
  }
  const { name, description, managementScope, settings, applications } = result.data;
  return {
    name,
    ...(description === undefined ? {} : { description }),
    managementScope,
    settings: Object.fromEntries(Object.entries(settings).filter(([, target]) => target !== undefined)),
    ...(applications === undefined ? {} : { applications: applications.map(withoutUndefined) }),
  };
}
