/**
 * What every command receives besides its options. Built once, in `src/cli/main.ts`, from the real
 * process; tests build one with `createTestContext()` (test/helpers/context.ts) and read what was written.
 *
 * A command is `(options, context) => Promise<number>`: it returns an exit code and never touches
 * `process` (argv, stdout, signals, exit) itself.
 */
import type { Logger } from '../log/logger.js';
import type { OpenStoreOptions } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';

/** A progress display for long work: a bar on a terminal, one line per step elsewhere, or nothing. */
export interface Progress {
  /** Sets (or changes) the total; `label` names what is counted ("runs", "epochs"). */
  start(total: number | undefined, label: string): void;
  /** `done` so far; `line` is printed as one line in `lines` mode (and above the bar in `bar` mode). */
  update(done: number, line?: string): void;
  stop(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'none';

export interface CommandContext {
  readonly logger: Logger;
  /** Results: tables, ids, `-` outputs. */
  readonly stdout: (text: string) => void;
  /** Notes for the person at the terminal: progress lines, "report: …" paths when stdout carries data. */
  readonly stderr: (text: string) => void;
  /** The clock (tests pass a fixed one). */
  readonly now: () => Date;
  /** Aborted on the first Ctrl-C (SIGINT) or SIGTERM; long commands stop cleanly and return 130. */
  readonly signal: AbortSignal;
  /** The one way commands open a run store; whoever opens a store closes it. */
  readonly openStore: (url: string | undefined, options?: OpenStoreOptions) => Promise<Store>;
  /** A progress display in the given mode (default: a bar on a terminal, else lines). */
  readonly progress: (mode?: ProgressMode) => Progress;
  /** Working folder that relative paths resolve against. */
  readonly cwd: string;
  /** The command line as typed (without `node kdlab`), recorded in reports. */
  readonly argv: readonly string[];
}

/** Every command's shape. */
export type CommandFn<O> = (options: O, context: CommandContext) => Promise<number>;

/** Exit code of a command stopped by Ctrl-C, as a shell reports a SIGINT death (128 + 2). */
export const EXIT_INTERRUPTED = 130;
