import type { z } from 'zod';
import {
  AppError,
  channels,
  ipcFailure,
  isChannelName,
  type ChannelName,
  type ChannelResponse,
  type IpcResult,
  type ValidChannelRequest,
} from '../contract';
import { RegistryError } from '../registry/errors';

/** One handler per channel; the router guarantees it only ever sees a request its schema accepted. */
export type Handlers = {
  readonly [C in ChannelName]: (request: ValidChannelRequest<C>) => Promise<ChannelResponse<C>>;
};

export interface Router {
  /** Validates and dispatches one call. Never throws: every failure is a typed `IpcResult`. */
  dispatch(channel: unknown, payload: unknown): Promise<IpcResult<unknown>>;
}

/** Transport-free: Electron's ipcMain and the preview's loopback bridge both call `dispatch`. */
export function createRouter(handlers: Handlers): Router {
  return {
    async dispatch(channel, payload) {
      if (!isChannelName(channel)) {
        return ipcFailure(
          'unknown-channel',
          `No channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`,
        );
      }
      const spec = channels[channel];
      const request = spec.request.safeParse(payload);
      if (!request.success) {
        return ipcFailure(
          'invalid-request',
          `The request to ${channel} is not valid.`,
          describeIssues(request.error),
        );
      }
      try {
        const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
        const response = (spec.response as z.ZodType).safeParse(await handler(request.data));
        if (!response.success) {
          // A handler broke the contract: a bug in main, reported without internals.
          return ipcFailure('internal', `${channel} produced a response outside its contract.`);
        }
        return { ok: true, value: response.data };
      } catch (error) {
        return toFailure(error);
      }
    },
  };
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`);
}

function toFailure(error: unknown): IpcResult<never> {
  if (error instanceof AppError) return ipcFailure(error.code, error.message, error.details);
  if (error instanceof RegistryError) {
    const where = [error.where?.key, error.where?.value].filter(Boolean).join(' ');
    const details = where ? [where] : undefined;
    if (error.code === 'access-denied') return ipcFailure('not-elevated', error.message, details);
    if (error.code === 'malformed-data') return ipcFailure('invalid-input', error.message, details);
    return ipcFailure('backend', error.message, details);
  }
  return ipcFailure('internal', error instanceof Error ? error.message : 'Unexpected failure.');
}
