// Owns the language server's life: locate, spawn, start the client, restart on demand or after a crash, and
// tell the user (with the reason, "Open Log" and, when a setting is the cause, "Open Settings") whenever it
// cannot run. Every start goes through one place so no failure is silent.
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  Trace,
  type LanguageClientOptions,
} from 'vscode-languageclient/node';
import { locateServer, type FileProbe } from './serverLocation';
import { spawnServer, ServerStartError, type SpawnedServer } from './serverProcess';
import { TraceChannel, readTraceSetting } from './traceChannel';
import { patchworksDocumentSelector } from './documentSelector';
import { SchemaFallback } from './schemaFallback';
import { PatchworksLanguageClient } from './patchworksLanguageClient';

/** A crash after a good start restarts the server, up to this many times in `crashWindowMs`. */
const maxCrashRestarts = 3;
const crashWindowMs = 3 * 60 * 1000;

type State =
  | { kind: 'stopped' }
  | { kind: 'starting'; ready: Promise<LanguageClient> }
  | { kind: 'running'; client: LanguageClient }
  | { kind: 'failed'; reason: string };

export interface ServerManagerOptions {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** Registers server-to-client request handlers on a new client before it starts. */
  readonly prepareClient: (client: LanguageClient) => void;
}

export class ServerManager implements vscode.Disposable {
  private state: State = { kind: 'stopped' };
  private readonly crashes: number[] = [];
  private readonly traceChannel: TraceChannel;
  private readonly started = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a client has started (the first start and every restart). */
  readonly onDidStart = this.started.event;
  private readonly published = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidPublishDiagnostics = this.published.event;
  private generation = 0;
  private readonly fallback = new SchemaFallback();

  constructor(private readonly options: ServerManagerOptions) {
    this.traceChannel = new TraceChannel(options.log);
  }

  client(): LanguageClient | undefined {
    return this.state.kind === 'running' ? this.state.client : undefined;
  }

  whenClientReady(): Promise<LanguageClient> {
    switch (this.state.kind) {
      case 'running':
        return Promise.resolve(this.state.client);
      case 'starting':
        return this.state.ready;
      case 'failed':
        return Promise.reject(new Error(`The Patchworks language server is not running: ${this.state.reason}`));
      case 'stopped':
        return Promise.reject(new Error('The Patchworks language server is not running.'));
    }
  }

  /** Starts a new server; resolves when it runs or has failed (and the user was told). */
  start(): Promise<void> {
    const generation = ++this.generation;
    let settle!: { resolve: (c: LanguageClient) => void; reject: (e: Error) => void };
    const ready = new Promise<LanguageClient>((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => undefined); // Callers of whenClientReady() see the rejection; nobody else must.
    this.state = { kind: 'starting', ready };
    return this.launch(generation).then(
      (client) => {
        if (generation !== this.generation) return;
        this.state = { kind: 'running', client };
        this.fallback.disable();
        settle.resolve(client);
        this.started.fire(client);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.state = { kind: 'failed', reason };
        settle.reject(new Error(`The Patchworks language server is not running: ${reason}`));
        this.fallback.enable();
        this.reportFailure(reason, error instanceof ServerStartError && error.fromSetting);
      },
    );
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const running = this.state.kind === 'running' ? this.state.client : undefined;
    this.generation++;
    this.state = { kind: 'stopped' };
    if (running) {
      try {
        await running.stop(5000);
      } catch (error) {
        this.options.log.warn(`Stopping the language server: ${String(error)}`);
      }
    }
  }

  /** `patchworks.server.trace` changed: turn tracing on or off, and set its level once the client has reacted. */
  refreshTrace(): void {
    this.traceChannel.refresh();
    setTimeout(() => void this.applyTrace(this.client()), 0);
  }

  dispose(): void {
    void this.stop();
    this.started.dispose();
    this.published.dispose();
    this.traceChannel.dispose();
    this.fallback.dispose();
  }

  private async launch(generation: number): Promise<LanguageClient> {
    const { log, context } = this.options;
    const config = vscode.workspace.getConfiguration('patchworks');
    const location = locateServer({
      settingPath: config.get<string>('server.path'),
      extensionPath: context.extensionPath,
      platform: process.platform,
      arch: process.arch,
      homeDir: os.homedir(),
      verbose: config.get<boolean>('server.verbose', false),
      probe: fileProbe,
    });
    if (!location.ok) throw new ServerStartError(location.failure.reason, location.failure.fromSetting);
    const { launch } = location;
    log.info(`Starting the language server: ${launch.command} ${launch.args.join(' ')}`.trim());

    const spawned = await spawnServer(launch);
    this.pipeStderr(spawned);
    const client = new PatchworksLanguageClient('patchworks', 'Patchworks', () => Promise.resolve(spawned.process), this.clientOptions(generation, spawned), traceLevel);
    this.options.prepareClient(client);
    try {
      await client.start();
    } catch (error) {
      const reason = (await exitReasonOf(spawned)) ?? (error instanceof Error ? error.message : String(error));
      await disposeQuietly(client);
      spawned.process.kill();
      throw new ServerStartError(reason, launch.fromSetting);
    }
    await this.applyTrace(client);
    log.info(`The language server is running (pid ${spawned.process.pid}).`);
    return client;
  }

  private clientOptions(generation: number, spawned: SpawnedServer): LanguageClientOptions {
    return {
      documentSelector: patchworksDocumentSelector,
      // The server refuses to run, sign in or publish while the workspace is not trusted (and is told when it becomes so).
      initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
      outputChannel: this.options.log,
      traceOutputChannel: this.traceChannel,
      // We show our own messages (with the reason and the actions); the client must not add its own.
      initializationFailedHandler: () => false,
      stdioOptions: { stdout: () => undefined, stderr: () => undefined },
      synchronize: {
        // The server reads referenced files (SOAP envelopes, scripts, schemas) and other connectors from disk.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{json,xml,js,graphql}'),
      },
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          next(uri, diagnostics);
          this.published.fire(uri);
        },
      },
      errorHandler: {
        error: (_error, _message, count) =>
          (count ?? 0) <= 3 ? { action: ErrorAction.Continue, handled: true } : { action: ErrorAction.Shutdown, handled: true },
        closed: () => {
          void this.onClosed(generation, spawned);
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
  }

  /** The connection closed without us stopping it: a crash while running, or while starting (launch reports that). */
  private async onClosed(generation: number, spawned: SpawnedServer): Promise<void> {
    if (generation !== this.generation || this.state.kind !== 'running') return;
    const reason = (await exitReasonOf(spawned))?.replace(' as it started', '') ?? 'The language server stopped.';
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0]! > crashWindowMs) this.crashes.shift();
    if (this.crashes.length > maxCrashRestarts) {
      this.generation++;
      this.state = { kind: 'failed', reason };
      this.fallback.enable();
      this.reportFailure(`${reason} It stopped ${this.crashes.length} times in 3 minutes, so it was not restarted.`, false, 'stopped');
      return;
    }
    this.options.log.warn(`${reason} Restarting it.`);
    await this.start();
  }

  private pipeStderr(spawned: SpawnedServer): void {
    const stderr = spawned.process.stderr;
    if (!stderr) return;
    readline.createInterface({ input: stderr, crlfDelay: Infinity, terminal: false }).on('line', (line) => {
      spawned.stderr.add(line);
      this.options.log.info(`[server] ${line}`);
    });
  }

  private async applyTrace(client: LanguageClient | undefined): Promise<void> {
    if (client) await client.setTrace(traceLevel());
  }

  private reportFailure(reason: string, offerSettings: boolean, what: 'could not start' | 'stopped' = 'could not start'): void {
    this.options.log.error(`The language server ${what}: ${reason}`);
    const actions = offerSettings ? ['Open Log', 'Open Settings'] : ['Open Log'];
    void vscode.window
      .showErrorMessage(
        `Patchworks: the language server ${what}. ${reason} Until it runs, connector and instance files are only checked against their JSON Schemas.`,
        ...actions,
      )
      .then((choice) => {
        if (choice === 'Open Log') this.options.log.show();
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'patchworks.server');
      });
  }
}

function traceLevel(): Trace {
  const setting = readTraceSetting();
  return setting === 'verbose' ? Trace.Verbose : setting === 'messages' ? Trace.Messages : Trace.Off;
}

const fileProbe: FileProbe = {
  isFile: (file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  isExecutable: (file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/** The process's exit reason, waiting briefly: the connection often closes a moment before `exit` fires. */
async function exitReasonOf(spawned: SpawnedServer): Promise<string | undefined> {
  for (let i = 0; i < 20 && spawned.exitReason() === undefined; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return spawned.exitReason();
}

async function disposeQuietly(client: LanguageClient): Promise<void> {
  try {
    await client.dispose(2000);
  } catch {
    // The client never got a connection; there is nothing left to close.
  }
}
