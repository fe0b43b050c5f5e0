import { InvalidArgumentError } from 'commander';

/** Commander argument parsers that reject bad values with one clear line. */
export function parseNumber(name: string, opts: { min?: number; max?: number; integer?: boolean } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${name} must be a number, got ${JSON.stringify(value)}.`);
    if (opts.integer && !Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got ${value}.`);
    if (opts.min !== undefined && n < opts.min) throw new InvalidArgumentError(`${name} must be ≥ ${opts.min}, got ${value}.`);
    if (opts.max !== undefined && n > opts.max) throw new InvalidArgumentError(`${name} must be ≤ ${opts.max}, got ${value}.`);
    return n;
  };
}
