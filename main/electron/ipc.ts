import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, ipcFailure, type IpcResult } from '../contract';
import type { Router } from '../ipc/router';
import { isTrustedSender } from './sender';

/** Binds every contract channel to the router, refusing calls from any frame but the app's own page. */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle'>, router: Router): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return Promise.resolve(
          ipcFailure('forbidden-sender', 'Calls are accepted only from the SinkGuard window.'),
        );
      }
      return router.dispatch(channel, payload);
    });
  }
}
