// vscode-languageclient shows its own "couldn't create connection to server" notification whenever a start
// fails, whatever the options say. While starting, ServerManager reports the failure itself, with the reason
// and the actions, so the client's notification would only be a second, vaguer toast. It still goes to the log.
import { LanguageClient } from 'vscode-languageclient/node';

export class QuietStartLanguageClient extends LanguageClient {
  private starting = true;

  override async start(): Promise<void> {
    this.starting = true;
    try {
      await super.start();
    } finally {
      this.starting = false;
    }
  }

  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    super.error(message, data, this.starting ? false : showNotification);
  }
}
