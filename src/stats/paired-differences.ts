import { StatsError } from '../errors.js';
import type { NanPolicy } from './validate.js';

/**
 * The differences x[i] − y[i] of paired samples (x itself when y is omitted), with the NaN policy
 * applied per pair: the one input check of ttestRel, wilcoxon and cohensDz, so their messages agree.
 *
 * @throws {StatsError} (message starting with `fn`) samples of different lengths, a non-number,
 *   NaN with nanPolicy 'raise', or ±Infinity.
 */
export function pairedDifferences(fn: string, x: ArrayLike<number>, y: ArrayLike<number> | undefined, nanPolicy: NanPolicy): number[] {
  if (x === null || x === undefined || typeof x.length !== 'number') throw new StatsError(`${fn} expects an array of numbers`);
  if (y !== undefined && (y === null || y.length !== x.length)) {
    throw new StatsError(`${fn} requires paired samples of equal length (got ${x.length} and ${y?.length})`);
  }
  const d: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y === undefined ? 0 : y[i];
    if (typeof a !== 'number' || typeof b !== 'number')
      throw new StatsError(`${fn} expects numbers, but pair ${i} holds ${typeof a} and ${typeof b}`);
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (nanPolicy === 'omit') continue;
      throw new StatsError(`${fn} found NaN in pair ${i}; remove missing values or pass nanPolicy: 'omit'`);
    }
    if (!Number.isFinite(a) || !Number.isFinite(b))
      throw new StatsError(`${fn} found an infinite value in pair ${i}; only finite values can be tested`);
    d.push(a - b);
  }
  return d;
}
