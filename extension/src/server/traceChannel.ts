// The channel the language client writes protocol traces to. vscode-languageclient 11 only traces when its
// trace channel is at the Trace log level; this wrapper reports Trace exactly when `patchworks.server.trace`
// is on, writes the lines into the Patchworks log (so they show without changing the log's level) and masks
// secrets in them (traceRedaction.ts).
import * as vscode from 'vscode';
import { redactTrace } from './traceRedaction';

export type TraceSetting = 'off' | 'messages' | 'verbose';

export function readTraceSetting(): TraceSetting {
  const value = vscode.workspace.getConfiguration('patchworks').get<string>('server.trace', 'off');
  return value === 'messages' || value === 'verbose' ? value : 'off';
}

export class TraceChannel implements vscode.LogOutputChannel {
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelChanged.event;
  private setting: TraceSetting = readTraceSetting();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get name(): string {
    return this.log.name;
  }

  get logLevel(): vscode.LogLevel {
    return this.setting === 'off' ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  }

  /** Re-reads the setting; the client listens to onDidChangeLogLevel and turns tracing on or off. */
  refresh(): void {
    const next = readTraceSetting();
    if (next === this.setting) return;
    this.setting = next;
    this.levelChanged.fire(this.logLevel);
  }

  trace(message: string, ...args: unknown[]): void {
    if (this.setting !== 'off') this.log.info(redactTrace(message), ...args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.log.debug(message, ...args);
  }
  info(message: string, ...args: unknown[]): void {
    this.log.info(message, ...args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.log.warn(message, ...args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.log.error(error, ...args);
  }
  append(value: string): void {
    this.log.append(value);
  }
  appendLine(value: string): void {
    this.log.appendLine(value);
  }
  replace(value: string): void {
    this.log.replace(value);
  }
  clear(): void {
    this.log.clear();
  }
  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(a?: boolean | vscode.ViewColumn, b?: boolean): void {
    this.log.show(typeof a === 'boolean' ? a : b);
  }
  hide(): void {
    this.log.hide();
  }
  dispose(): void {
    this.levelChanged.dispose();
  }
}
