#!/usr/bin/env node
/**
 * The single exit point of kdlab, and the only code that touches the real process.
 *
 *   1. parse   commander maps flags to each command's options (src/cli/commands/*, flags only)
 *   2. context build the one CommandContext: logger (--debug), stdout/stderr writers, clock, store
 *              opener, progress factory, and an abort signal fed by the one SIGINT/SIGTERM handler
 *   3. run     lazy-import the command (so `kdlab --help` never loads vega or tfjs) and await its
 *              exit code
 *   4. errors  usage and data errors → one line, exit 2; anything else → exit 1 (see src/errors.ts)
 */
import { Command, CommanderError } from 'commander';
import type { CommandContext, CommandFn, ProgressMode } from '../commands/context.js';
import { KdlabError } from '../errors.js';
import { openStore } from '../storage/open-store.js';
import { ConsoleLogger } from '../log/logger.js';
import { createProgress } from '../render/progress.js';
import { VERSION } from '../version.js';
import { registerCommands } from './commands/index.js';

/** How a command is run once its flags are parsed. */
export interface RunOptions {
  /** Long-running: the first Ctrl-C (SIGINT) or SIGTERM aborts `context.signal` instead of killing the process. */
  readonly interruptible?: boolean;
  /** Info messages off (warnings still shown). */
  readonly quiet?: boolean;
}

export type Runner = <O>(load: () => Promise<CommandFn<O>>, options: O, cmd: Command, run?: RunOptions) => Promise<void>;

export function buildProgram(runner: Runner): Command {
  const program = new Command('kdlab')
    .description('Knowledge-distillation experiments and the statistics that judge them.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces and debug messages')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  registerCommands(program, runner);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const debug = argv.includes('--debug');
  quietOnClosedPipe();
  let code = 0;
  const runner: Runner = async (load, options, cmd, run = {}) => {
    const command = await load();
    const controller = new AbortController();
    const releaseSignals = run.interruptible ? onInterrupt(controller, run.quiet) : () => {};
    const releaseParent = run.interruptible ? onParentGone(controller) : () => {};
    try {
      code = await command(options, processContext(controller.signal, { debug, quiet: run.quiet, argv: argv.slice(2) }));
    } finally {
      releaseSignals();
      releaseParent();
    }
  };
  try {
    await buildProgram(runner).parseAsync(argv);
    return code;
  } catch (err) {
    return reportError(err, debug);
  }
}

/** The context of a command run from the shell. */
function processContext(signal: AbortSignal, o: { debug: boolean; quiet?: boolean; argv: readonly string[] }): CommandContext {
  return {
    logger: new ConsoleLogger({ debug: o.debug, quiet: o.quiet }),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    now: () => new Date(),
    signal,
    openStore,
    progress: (mode?: ProgressMode) =>
      createProgress(mode ?? (process.stderr.isTTY ? 'bar' : 'lines'), {
        stream: process.stderr,
        write: (text) => void process.stderr.write(text),
      }),
    cwd: process.cwd(),
    argv: o.argv,
  };
}

/**
 * The one SIGINT/SIGTERM handler: the first signal aborts the command's signal (it stops cleanly:
 * running runs end as killed, and the command exits 130); a second one ends the process at once.
 * Returns the function that removes it.
 */
function onInterrupt(controller: AbortController, quiet = false): () => void {
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      release();
      process.kill(process.pid, sig);
      return;
    }
    if (!quiet)
      process.stderr.write(
        `\nkdlab: ${sig === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping the running run(s) cleanly (Ctrl-C again to quit now)…\n`,
      );
    controller.abort();
  };
  const release = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return release;
}

/**
 * `kdlab runs export … | head -1`: once the reader closes the pipe, further output has nowhere to
 * go. That is how a pipeline ends, not an error: the process ends quietly with the exit code so
 * far (0), instead of dying on an unhandled EPIPE. Any other stream error is still thrown.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? 0);
    });
  }
}

/**
 * An agent forked by `sweep run` holds an IPC channel to it; the channel closes when that parent
 * dies, even by SIGKILL. The agent then stops as after Ctrl-C (its running run ends as killed and is
 * re-queued when the sweep resumes) rather than train on for nobody. Returns the function that
 * removes the listener (it would keep the channel, and so the process, alive).
 */
function onParentGone(controller: AbortController): () => void {
  if (!process.channel) return () => {};
  const handler = () => controller.abort();
  process.on('disconnect', handler);
  return () => {
    process.off('disconnect', handler);
  };
}

function reportError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    // help and version are not errors; commander already printed the message for the rest.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return 2;
  }
  if (err instanceof KdlabError) {
    process.stderr.write(`kdlab: ${err.message}\n`);
    if (debug) process.stderr.write(`${err.stack}\n`);
    else if (err.exitCode !== 2) process.stderr.write('(run with --debug for details)\n');
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const sys = e as NodeJS.ErrnoException;
  if (sys.code === 'ENOSPC' || sys.code === 'EDQUOT') {
    // The machine's fault, not kdlab's: one line, no "please report". Writes go to a temp file
    // first, so no complete file was replaced by a partial one.
    process.stderr.write(
      `kdlab: ${sys.path ? `${sys.path}: ` : ''}the disk is full (${sys.code}); free some space and run the command again\n`,
    );
    if (debug) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
  process.stderr.write(`kdlab: internal error: ${e.message}\n`);
  process.stderr.write(debug ? `${e.stack}\n` : '(run with --debug for the stack trace; please report this)\n');
  return 1;
}

// Run only when executed directly (not when imported by tests).
const invokedDirectly =
  process.argv[1] && import.meta.url === new URL(`file://${(await import('node:fs')).realpathSync(process.argv[1])}`).href;
if (invokedDirectly) {
  const code = await main();
  process.exitCode = code;
}
