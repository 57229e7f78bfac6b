// patchworks/events/message notifications, handed to the listen they belong to by their listenId. One handler
// per language client (a second registration would replace the first), attached when a listen first needs it.
import type { LanguageClient } from 'vscode-languageclient/node';

export type MessageNotification = { listenId?: unknown; kind?: unknown; message?: unknown } & Record<string, unknown>;

export class ListenRouter {
  private readonly handlers = new Map<string, (notification: MessageNotification) => void>();
  private readonly attached = new WeakSet<LanguageClient>();

  attach(client: LanguageClient): void {
    if (this.attached.has(client)) return;
    this.attached.add(client);
    client.onNotification('patchworks/events/message', (params: unknown) => {
      if (typeof params !== 'object' || params === null) return;
      const notification = params as MessageNotification;
      if (typeof notification.listenId === 'string') this.handlers.get(notification.listenId)?.(notification);
    });
  }

  add(listenId: string, handler: (notification: MessageNotification) => void): void {
    this.handlers.set(listenId, handler);
  }

  delete(listenId: string): void {
    this.handlers.delete(listenId);
  }
}
