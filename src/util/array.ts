/**
 * Loops instead of spreads for arrays of unbounded length: `Math.max(...xs)` and `a.push(...xs)`
 * pass every element as an argument and throw "Maximum call stack size exceeded" beyond roughly
 * 100,000 elements (150k runs in a sweep, a million-row table).
 */

/** Largest value; -Infinity for an empty array, NaN if any value is NaN (as Math.max). */
export function maxOf(values: Iterable<number>): number {
  let best = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    // As Math.max, +0 is larger than -0.
    if (v > best || (v === 0 && Object.is(best, -0))) best = v;
  }
  return best;
}

/** Smallest value; Infinity for an empty array, NaN if any value is NaN (as Math.min). */
export function minOf(values: Iterable<number>): number {
  let best = Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v < best || (Object.is(v, -0) && best === 0)) best = v;
  }
  return best;
}

/** Appends every item of `items` to `target` (in place) and returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
