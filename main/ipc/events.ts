import type { z } from 'zod';
import { events, type EventName, type Publish } from '../contract';

type Listener = (event: EventName, payload: unknown) => void;

export interface EventHub {
  readonly publish: Publish;
  /** A transport (Electron window, preview stream) listens here; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
}

/** Fans events from handlers out to whichever transports are attached. Payloads are checked against the contract. */
export function createEventHub(): EventHub {
  const listeners = new Set<Listener>();
  return {
    publish: (event, payload) => {
      const checked = (events[event] as z.ZodType).parse(payload);
      for (const listener of listeners) listener(event, checked);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
