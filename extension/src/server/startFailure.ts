// Turns the ways a server process can fail to start into one sentence for the error message. No `vscode`.

/** Keeps the last lines the server wrote to stderr, so a crash at start can say why. */
export class StderrTail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 20) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }

  /** The last line that says something (the console logger's "fail: Category[0]" headers say nothing). */
  lastMeaningful(): string | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i]!.trim();
      if (line !== '' && !/^(trce|dbug|info|warn|fail|crit): /.test(line)) return line;
    }
    return undefined;
  }
}

/** A spawn error (`error` event of child_process.spawn): the command missing or not runnable. */
export function describeSpawnError(command: string, code: string | undefined, message: string): string {
  if (code === 'ENOENT') {
    return command === 'dotnet'
      ? 'dotnet was not found on PATH; it is needed to run a .dll named by patchworks.server.path.'
      : `${command} was not found.`;
  }
  if (code === 'EACCES') return `${command} is not executable.`;
  return `${command} could not be run: ${message}`;
}

/** The process ended before the client finished starting. */
export function describeEarlyExit(exitCode: number | null, signal: string | null, lastStderr: string | undefined): string {
  const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode ?? 'unknown'}`;
  return `The language server ${how} as it started${lastStderr ? `: ${asSentence(lastStderr)}` : '.'}`;
}

/** The server's own words end the message, so they must end like a sentence before ours follow. */
function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
