import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Profile } from './profile';
import { ProfileSchema } from './schema';

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

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
    .join('.')
    .replace(/\.\[/g, '[');
}

function firstIssue(error: z.ZodError): z.core.$ZodIssue {
  // An invalid union hides the useful message one level down when only one branch matched the keys.
  return error.issues[0]!;
}

/**
 * Parses a profile file's text (JSON or YAML: YAML 1.2 reads both) and validates it. `source` names the file in
 * errors. Throws ProfileError for the first problem; never returns a partial profile.
 */
export function parseProfileText(text: string, source: string): Profile {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const position = syntaxError.linePos?.[0];
    const where = position ? `line ${position.line}, column ${position.col}` : 'syntax';
    throw new ProfileError(source, where, syntaxError.message.split('\n')[0] ?? syntaxError.message);
  }
  return validateProfile(document.toJS({ maxAliasCount: 100 }), source);
}

/** Validates an already-parsed profile object. */
export function validateProfile(data: unknown, source: string): Profile {
  const result = ProfileSchema.safeParse(data);
  if (!result.success) {
    const issue = firstIssue(result.error);
    throw new ProfileError(source, fieldPath(issue.path), issue.message);
  }
  const { name, description, managementScope, settings } = result.data;
  return {
    name,
    ...(description === undefined ? {} : { description }),
    managementScope,
    settings: Object.fromEntries(Object.entries(settings).filter(([, target]) => target !== undefined)),
  };
}
