import { channelNames } from '../../main/contract';
import type { Handlers } from '../../main/ipc/router';

/** A full handler set for router tests: the given handlers, and every other channel failing loudly if reached. */
export function handlersWith(overrides: Partial<Handlers>): Handlers {
  const unexpected = (channel: string) => async () => {
    throw new Error(`unexpected call to ${channel}`);
  };
  return Object.fromEntries(
    channelNames.map((channel) => [channel, overrides[channel] ?? unexpected(channel)]),
  ) as unknown as Handlers;
}
