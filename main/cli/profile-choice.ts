import { readFile, stat } from 'node:fs/promises';
import { CliExit, ExitCode } from './io';
import { builtInProfile, builtInProfileNamed, type Profile } from '../domain/profiles/profile';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What `--profile` names: a built-in profile, in any case (`Recommended`), or a profile file (JSON or YAML). A
 * built-in name wins over a file of the same name in the working directory, so the same command always means the
 * same profile; `note` tells the admin to write `./strict` for such a file. Bad files exit 2 naming file and field.
 */
export async function loadProfileChoice(choice: string, note?: (text: string) => void): Promise<Profile> {
  const name = builtInProfileNamed(choice);
  if (name !== undefined) {
    const shadowed = await stat(choice).then(
      (found) => found.isFile(),
      () => false,
    );
    if (shadowed && note) {
      note(
        `--profile ${choice} is the built-in "${name}" profile; for the file named ${choice} here, write ./${choice}`,
      );
    }
    return builtInProfile(name);
  }
  let text: string;
  try {
    text = await readFile(choice, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? reason(error);
    throw new CliExit(
      ExitCode.error,
      `--profile: '${choice}' is neither recommended, strict nor a readable profile file (${code})`,
    );
  }
  // YAML and the schema (zod) load only for a profile file: an audit against a built-in profile never needs them.
  const { ProfileError, parseProfileText } = await import('../domain/profiles/parse');
  try {
    return parseProfileText(text.replace(/^\uFEFF/, ''), choice);
  } catch (error) {
    if (error instanceof ProfileError) throw new CliExit(ExitCode.error, error.message);
    throw error;
  }
}
