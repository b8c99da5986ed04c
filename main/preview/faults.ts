import { z } from 'zod';
import { RegistryError } from '../registry/errors';
import type { RegistryOperation } from '../registry/simulated';

/**
 * The preview's fault switch (development only: the preview is never packaged, and the switch exists only when
 * SINKGUARD_PREVIEW_FAULTS=1). The end-to-end tests turn a simulated machine's operations into backend failures
 * at run time, so the UI's "backend failure" message and its way forward can be shown without a broken build.
 */
const OPERATIONS = [
  'readKeys',
  'writeValues',
  'deleteValues',
  'createKeys',
  'exportKeys',
  'importRegFile',
] as const satisfies readonly RegistryOperation[];

export const FaultRequestSchema = z.strictObject({
  /** The operations that fail from now on; empty heals the machine. */
  fail: z.array(z.enum(OPERATIONS)),
  /**
   * Channels the bridge answers with `{ ok: true, value: null }`, a value no view can render: how the tests reach
   * the renderer's ErrorBoundary (main's router never sends such a value; a renderer bug would fail the same way).
   */
  garble: z.array(z.string()).default([]),
});
export type FaultRequest = z.output<typeof FaultRequestSchema>;

export interface PreviewFaults {
  /** The simulated registry's fault hook. */
  readonly fault: (operation: RegistryOperation) => void;
  set(request: FaultRequest): void;
  readonly failing: () => readonly RegistryOperation[];
  readonly garbles: (channel: unknown) => boolean;
}

export function createPreviewFaults(): PreviewFaults {
  let failing = new Set<RegistryOperation>();
  let garbled = new Set<string>();
  return {
    fault(operation) {
      if (failing.has(operation)) {
        // Worded like a real backend that stopped answering: that is the case the UI must explain.
        throw new RegistryError(
          'backend-unavailable',
          `The registry backend did not answer (${operation} failed: fault injected by the preview's fault switch).`,
        );
      }
    },
    set(request) {
      failing = new Set(request.fail);
      garbled = new Set(request.garble);
    },
    failing: () => [...failing],
    garbles: (channel) => typeof channel === 'string' && garbled.has(channel),
  };
}
