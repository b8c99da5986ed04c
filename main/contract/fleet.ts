import { z } from 'zod';
import { EXPORT_FORMATS } from '../domain/fleet/formats';
import { CHANNEL } from './names';

/**
 * The fleet export channel: the renderer names a built-in profile and a format (never a path or a profile body);
 * main compiles the file and returns it whole, with what it cannot carry, for the renderer to save as a download.
 */

export const FleetExportRequest = z
  .object({
    profile: z.enum(['recommended', 'strict']),
    format: z.enum(EXPORT_FORMATS),
  })
  .strict();

const NotCarriedView = z.object({ settingId: z.string(), title: z.string(), reason: z.string() });

export const FleetExportResponse = z.object({
  /** A safe file name, e.g. `sinkguard-recommended.ps1` or `Registry.pol`. */
  fileName: z.string(),
  mediaType: z.string(),
  /** UTF-8 text, or the bytes as base64 (the UTF-16LE .reg and the binary Registry.pol). */
  content: z.discriminatedUnion('encoding', [
    z.object({ encoding: z.literal('text'), text: z.string() }),
    z.object({ encoding: z.literal('base64'), base64: z.string() }),
  ]),
  /** What the file cannot take to a machine, and why (the dialog shows it). */
  notCarried: z.array(NotCarriedView),
  /** What the file leaves as it is because every value meets the profile. */
  leftAlone: z.array(NotCarriedView),
});
export type FleetExportResponse = z.infer<typeof FleetExportResponse>;

export const fleetChannels = {
  [CHANNEL.fleetExport]: { request: FleetExportRequest, response: FleetExportResponse },
} as const;
