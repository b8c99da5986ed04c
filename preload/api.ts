// Values from names.ts and result.ts only: the sandboxed preload bundles them, and they need neither zod nor domain
// code. Everything else here is a type.
import type {
  ChannelName,
  ChannelRequest,
  ChannelResponse,
  EventName,
  EventPayload,
} from '../main/contract/ipc';
import { channelNames, eventNames, isChannelName, isEventName } from '../main/contract/names';
import { ipcFailure, type IpcResult } from '../main/contract/result';

/** How a call reaches main: `ipcRenderer.invoke` in Electron, a loopback `fetch` in the browser preview. */
export type Invoke = (channel: ChannelName, payload: unknown) => Promise<IpcResult<unknown>>;
/** How events from main arrive; returns the unsubscribe function. */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** The whole surface the renderer gets: `window.sinkguard`. */
export interface SinkguardApi {
  readonly channels: readonly ChannelName[];
  readonly events: readonly EventName[];
  invoke<C extends ChannelName>(
    channel: C,
    request: ChannelRequest<C>,
  ): Promise<IpcResult<ChannelResponse<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * Builds the frozen `window.sinkguard` object. The same code serves Electron and the preview, so what the browser
 * tests exercise is what ships. Main validates every payload again; this only refuses names outside the contract.
 */
export function createSinkguardApi(invoke: Invoke, subscribe: Subscribe): SinkguardApi {
  const api: SinkguardApi = {
    channels: channelNames,
    events: eventNames,
    invoke: async <C extends ChannelName>(channel: C, request: ChannelRequest<C>) => {
      if (!isChannelName(channel)) {
        return ipcFailure('unknown-channel', `No channel named ${String(channel).slice(0, 80)}.`);
      }
      try {
        return (await invoke(channel, request)) as IpcResult<ChannelResponse<C>>;
      } catch (error) {
        return ipcFailure('internal', error instanceof Error ? error.message : 'The call to main failed.');
      }
    },
    on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
      if (!isEventName(event) || typeof listener !== 'function') return () => undefined;
      // The listener sees the payload only, never the transport's event object (which carries `sender`).
      return subscribe(event, (payload) => listener(payload as EventPayload<E>));
    },
  };
  return Object.freeze(api);
}
