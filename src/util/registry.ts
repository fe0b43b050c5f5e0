import { UsageError } from '../errors.js';

/**
 * A string registry for CLI-facing names (tfjs `lossesMap` + `get()`): an unknown name throws one
 * line listing the valid names, with a "did you mean" hint for a near miss.
 */
export interface Registry<T> {
  get(name: string): T;
  has(name: string): boolean;
  names(): string[];
}

export function createRegistry<T>(kind: string, entries: Readonly<Record<string, T>>): Registry<T> {
  const map = new Map(Object.entries(entries));
  return {
    get(name) {
      const value = map.get(name);
      if (value !== undefined) return value;
      throw new UsageError(unknownNameMessage(kind, name, [...map.keys()]));
    },
    has: (name) => map.has(name),
    names: () => [...map.keys()],
  };
}

/** `unknown sampler "gird" (did you mean "grid"?); valid: grid, random, bayes` */
export function unknownNameMessage(kind: string, name: string, valid: readonly string[]): string {
  const near = nearMiss(name, valid);
  return `unknown ${kind} ${JSON.stringify(name)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; valid: ${valid.join(', ')}`;
}

/** The closest valid name within a small edit distance, if any. */
export function nearMiss(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const v of valid) {
    const d = editDistance(name.toLowerCase(), v.toLowerCase());
    if (d < bestD) { bestD = d; best = v; }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return bestD <= limit ? best : undefined;
}

/** Damerau–Levenshtein (optimal string alignment) distance: a swap of two letters counts once. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
