import type { ChannelName, ChannelRequest, ChannelResponse, IpcResult } from '../../main/contract';
import type { ProfileName } from './state/AppState';

/** The profile the app opens on (the dashboard audits against it first). */
export const INITIAL_PROFILE: ProfileName = 'recommended';

type Invoked<C extends ChannelName> = Promise<IpcResult<ChannelResponse<C>>>;

const started = new Map<string, Invoked<ChannelName>>();
const keyOf = (channel: ChannelName, request: unknown): string => `${channel} ${JSON.stringify(request)}`;

/** Sends a request now, for the first `useChannel` asking the same to take (see takeEarly). */
function startEarly<C extends ChannelName>(channel: C, request: ChannelRequest<C>): void {
  started.set(keyOf(channel, request), window.sinkguard.invoke(channel, request));
}

/** The request sent early for exactly this channel and payload, once; later asks go out afresh. */
export function takeEarly<C extends ChannelName>(
  channel: C,
  request: ChannelRequest<C>,
): Invoked<C> | undefined {
  const key = keyOf(channel, request);
  const invoked = started.get(key) as Invoked<C> | undefined;
  started.delete(key);
  return invoked;
}

// The first screen's requests, sent while the rest of the bundle still evaluates and before React mounts: the audit
// is read in main meanwhile (main.tsx imports this module first).
startEarly('app:info', {});
startEarly('profiles:list', {});
startEarly('audit:run', { profile: INITIAL_PROFILE });
