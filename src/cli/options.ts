import { InvalidArgumentError } from 'commander';
import type { Goal } from '../domain/metric.js';
import { quote } from '../errors.js';

/** The metric goals, as --goal accepts them. */
export const GOALS = ['maximize', 'minimize'] as const satisfies readonly Goal[];

/** Commander argument parsers that reject bad values with one clear line. */
export function parseNumber(name: string, opts: { min?: number; max?: number; integer?: boolean } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got ${quote(value)}.`);
    // A plain number is shown as typed; one padded with line breaks, or 100 kB of zeros, is quoted and cut.
    const shown = /^\S{1,80}$/.test(value) ? value : quote(value);
    if (opts.integer && !Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got ${shown}.`);
    if (opts.min !== undefined && n < opts.min) throw new InvalidArgumentError(`${name} must be ≥ ${opts.min}, got ${shown}.`);
    if (opts.max !== undefined && n > opts.max) throw new InvalidArgumentError(`${name} must be ≤ ${opts.max}, got ${shown}.`);
    return n;
  };
}

/** Comma-separated names, blanks dropped: `a, b,,c` → [a, b, c]. */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The store flag's help, one wording for every command. */
export function storeHelp(defaultStore = '.kdlab/runs.db'): string {
  return `run store: a SQLite file (FILE.db, sqlite:PATH), postgres://user@host/db or memory: (default ${defaultStore})`;
}
