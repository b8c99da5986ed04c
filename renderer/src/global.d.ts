import type { SinkguardApi } from '../../preload/api';

declare global {
  interface Window {
    /** The one object the preload exposes (see preload/api.ts). */
    readonly sinkguard: SinkguardApi;
  }
}
