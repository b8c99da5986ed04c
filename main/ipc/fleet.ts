import type { z } from 'zod';
import type { fleetChannels } from '../contract/fleet';
import { AppError } from '../contract/errors';
import {
  EXPORT_FORMAT_INFO,
  FleetExportError,
  exportProfile,
  type FleetArtifact,
} from '../domain/fleet/index';
import { builtInProfile } from '../domain/profiles/index';

type Channels = typeof fleetChannels;
export type FleetHandlers = {
  readonly [C in keyof Channels]: (
    request: z.output<Channels[C]['request']>,
  ) => Promise<z.output<Channels[C]['response']>>;
};

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The compiled file for the renderer to save: text as it is, bytes (.reg, Registry.pol) as base64. */
export function artifactView(artifact: FleetArtifact): z.output<Channels['fleet:export']['response']> {
  const { content } = artifact;
  return {
    fileName: artifact.fileName,
    mediaType: EXPORT_FORMAT_INFO[artifact.format].mediaType,
    content:
      content.kind === 'text'
        ? { encoding: 'text', text: content.text }
        : { encoding: 'base64', base64: base64(content.bytes) },
    notCarried: artifact.notCarried.map(({ settingId, title, reason }) => ({ settingId, title, reason })),
    leftAlone: artifact.leftAlone.map(({ settingId, title, reason }) => ({ settingId, title, reason })),
  };
}

/** fleet:export compiles a built-in profile; it reads nothing from the machine and writes nothing. */
export function createFleetHandlers(): FleetHandlers {
  return {
    'fleet:export': async ({ profile, format }) => {
      try {
        return artifactView(exportProfile(builtInProfile(profile), format));
      } catch (error) {
        // Built-in profiles always compile; should one ever not, the admin gets the field and the reason.
        if (error instanceof FleetExportError)
          throw new AppError('invalid-input', error.message, [error.field]);
        throw error;
      }
    },
  };
}
