import {
  channelNames,
  ipcFailure,
  isChannelName,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type IpcResult,
} from '../main/contract';

/** How a call reaches main: `ipcRenderer.invoke` in Electron, a loopback `fetch` in the browser preview. */
export type Invoke = (channel: ChannelName, payload: unknown) => Promise<IpcResult<unknown>>;

/** The whole surface the renderer gets: `window.sinkguard`. */
export interface SinkguardApi {
  readonly channels: readonly ChannelName[];
  invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<IpcResult<ChannelResponse<C>>>;
}

/**
 * Builds the frozen `window.sinkguard` object. The same code serves Electron and the preview, so what the browser
 * tests exercise is what ships. Main validates every payload again; this only refuses names outside the contract.
 */
export function createSinkguardApi(invoke: Invoke): SinkguardApi {
  const api: SinkguardApi = {
    channels: channelNames,
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
  };
  return Object.freeze(api);
}
