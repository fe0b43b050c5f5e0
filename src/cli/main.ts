#!/usr/bin/env node
/**
 * The single exit point of kdlab. Commands are registered from src/cli/commands/*; each defines its
 * flags here but lazy-imports its implementation, so `kdlab --help` never loads vega or tfjs.
 * Errors map to exit codes (see src/errors.ts): usage and data errors → 2, others → 1.
 */
import { Command, CommanderError } from 'commander';
import { KdlabError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('kdlab')
    .description('Knowledge-distillation experiments and the statistics that judge them.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces and debug messages')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  registerCommands(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err, debug);
  }
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
