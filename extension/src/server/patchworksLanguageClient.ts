// Two corrections to vscode-languageclient's LanguageClient for how this extension reports and traces.
import { LanguageClient, Trace, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

type RefreshTrace = (connection: unknown, sendNotification?: boolean) => void;

export class PatchworksLanguageClient extends LanguageClient {
  private starting = true;

  constructor(id: string, name: string, serverOptions: ServerOptions, clientOptions: LanguageClientOptions, private readonly traceLevel: () => Trace) {
    super(id, name, serverOptions, clientOptions);
    // The client re-reads its trace level from `<id>.trace.server` on every configuration change; ours is
    // `patchworks.server.trace`. Its (private) refreshTrace is wrapped so our setting has the last word.
    const self = this as unknown as { refreshTrace: RefreshTrace };
    const refresh = self.refreshTrace.bind(this);
    self.refreshTrace = (connection, sendNotification) => {
      refresh(connection, sendNotification);
      void this.setTrace(this.traceLevel());
    };
  }

  override async start(): Promise<void> {
    this.starting = true;
    try {
      await super.start();
    } finally {
      this.starting = false;
    }
  }

  /**
   * The client shows its own "couldn't create connection to server" notification whenever a start fails,
   * whatever the options say. While starting, ServerManager reports the failure itself (with the reason and
   * the actions), so the client's toast would only be a second, vaguer one. It still goes to the log.
   */
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    super.error(message, data, this.starting ? false : showNotification);
  }
}
