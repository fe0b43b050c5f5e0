/**
 * Loads the committed goldens (test/stats/golden/*.json, written by generate.py / generate.R)
 * and provides the comparison used by every golden test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

function revive(_key: string, value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}

/** One pair of samples every two-sample golden refers to by index. */
export interface Pair {
  readonly name: string;
  readonly a: number[];
  readonly b: number[];
}

/** A section each test reads with its own case type (`scipy.bootstrap as Case[]`). */
type Sections = Readonly<Record<string, unknown>>;

export type ScipyGolden = Sections & {
  readonly pairs: Pair[];
  readonly describe: ({ pair: number; side: 'a' | 'b'; n: number } & Record<
    'mean' | 'sd' | 'sem' | 'min' | 'q1' | 'median' | 'q3' | 'max' | 'iqr',
    number
  >)[];
};
export type RGolden = Sections;

export function loadGolden(name: 'scipy'): ScipyGolden;
export function loadGolden(name: 'r' | 'mwu-infinity' | 'describe-extreme'): RGolden;
export function loadGolden(name: 'scipy' | 'r' | 'mwu-infinity' | 'describe-extreme'): ScipyGolden | RGolden {
  const path = fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'), revive) as ScipyGolden | RGolden;
}

/** The tolerance every exact golden is held to: relative error ≤ 1e-9. */
export const RTOL = 1e-9;

/**
 * |actual − expected| ≤ rtol·max(|expected|, scale). `scale` (default 0) is for quantities that
 * are differences of larger terms (e.g. a CI end = (t ± q)·se), whose relative error is measured
 * against the terms. NaN must match NaN and infinities must match exactly.
 */
export function expectClose(actual: number, expected: number, what: string, rtol = RTOL, scale = 0): void {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  const err = Math.abs(actual - expected);
  const bound = rtol * Math.max(Math.abs(expected), scale);
  if (!(err <= bound)) {
    expect.fail(`${what}: got ${actual}, expected ${expected} (error ${err.toExponential(2)} > ${bound.toExponential(2)})`);
  }
}
