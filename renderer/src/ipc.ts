import { useCallback, useEffect, useState } from 'react';
import type { ChannelName, ChannelRequest, ChannelResponse, IpcError, IpcResult } from '../../main/contract';
import { takeEarly } from './early';

type Called<C extends ChannelName> = { value: ChannelResponse<C> } | { error: IpcError };

const unwrap = <C extends ChannelName>(result: IpcResult<ChannelResponse<C>>): Called<C> =>
  result.ok ? { value: result.value } : { error: result.error };

/** Calls one channel and unwraps the result; failures come back as the typed `IpcError`, never thrown. */
export async function call<C extends ChannelName>(
  channel: C,
  request: ChannelRequest<C>,
): Promise<Called<C>> {
  return unwrap(await window.sinkguard.invoke(channel, request));
}

export type ChannelState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'error'; readonly error: IpcError };

/** Loads a channel's response when mounted; `reload` asks again (e.g. a Refresh button). */
export function useChannel<C extends ChannelName>(
  channel: C,
  request: ChannelRequest<C>,
): [ChannelState<ChannelResponse<C>>, () => void] {
  const [state, setState] = useState<ChannelState<ChannelResponse<C>>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(request);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    const request = JSON.parse(key) as ChannelRequest<C>;
    // The first screen's requests went out before React mounted (early.ts); a reload always asks again.
    const early = generation === 0 ? takeEarly(channel, request) : undefined;
    void (early ? early.then(unwrap) : call(channel, request)).then((result) => {
      if (!current) return;
      setState(
        'value' in result ? { status: 'ok', value: result.value } : { status: 'error', error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [channel, key, generation]);
  // Loading at once, in the same render as whatever asked (an ErrorBoundary's "Try again" must not re-render the
  // answer that broke the view before the new one is asked for).
  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((n) => n + 1);
  }, []);
  return [state, reload];
}
