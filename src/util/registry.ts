/**
 * String registries for CLI-facing names (tfjs layers' `losses.get('kd')`): an unknown name throws
 * one line that lists the valid names and, for a near miss, suggests the closest.
 */
import { UsageError } from '../errors.js';

export interface Registry<T> {
  readonly kind: string;
  readonly names: readonly string[];
  has(name: string): boolean;
  get(name: string): T;
}

export function createRegistry<T>(kind: string, entries: Readonly<Record<string, T>>): Registry<T> {
  const names = Object.keys(entries);
  return {
    kind,
    names,
    has: (name) => Object.hasOwn(entries, name),
    get(name) {
      if (Object.hasOwn(entries, name)) return entries[name];
      const hint = suggest(name, names);
      throw new UsageError(
        `unknown ${kind} ${JSON.stringify(name)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; valid: ${names.join(', ')}`,
      );
    },
  };
}

/** The closest name within a third of its length in edits (at least 1), or of which it is a prefix (case and `_`/`-` ignored), if any. */
export function suggest(name: string, names: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '-');
  const n = norm(name);
  let best: string | undefined;
  let bestD = Infinity;
  for (const cand of names) {
    const c = norm(cand);
    const d = c.startsWith(n) && n.length >= 2 ? 0.5 : levenshtein(n, c);
    if (d < bestD) {
      bestD = d;
      best = cand;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Edit distance (insertions, deletions, substitutions; each costs 1): the one copy, used by every near-miss hint. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
