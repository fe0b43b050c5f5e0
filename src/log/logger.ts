/**
 * Injectable logger. Library code never writes to the console directly; commands receive a Logger.
 * Consecutive identical warnings are dropped (as Observable Plot does).
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** Writes info to stdout, warnings and debug to stderr. */
export class ConsoleLogger implements Logger {
  private lastWarning?: string;
  constructor(private readonly opts: { debug?: boolean; quiet?: boolean } = {}) {}
  info(message: string): void {
    if (!this.opts.quiet) process.stdout.write(message + '\n');
  }
  warn(message: string): void {
    if (message === this.lastWarning) return;
    this.lastWarning = message;
    process.stderr.write(`warning: ${message}\n`);
  }
  debug(message: string): void {
    if (this.opts.debug) process.stderr.write(`debug: ${message}\n`);
  }
}

/** Collects messages for tests: `expect(logger.warns[0]).toBe(messages.fewRuns('B', 3))`. */
export class LocalLogger implements Logger {
  readonly infos: string[] = [];
  readonly warns: string[] = [];
  readonly debugs: string[] = [];
  info(message: string): void {
    this.infos.push(message);
  }
  warn(message: string): void {
    if (this.warns[this.warns.length - 1] === message) return;
    this.warns.push(message);
  }
  debug(message: string): void {
    this.debugs.push(message);
  }
}

/** Discards everything. */
export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };
