/**
 * Hyperparameters as a reader scans them: `k=v, …`, listing only what tells rows apart. Shared by
 * the best table (each group's best run) and the winner's-curse table (each sweep's configuration).
 */
import { formatNumber } from './format.js';

export type ParamValue = string | number | boolean | null;
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * The keys whose value is not the same in every row, in first-seen order: a param with one value
 * everywhere says nothing. A single row keeps all its keys (there is nothing to tell apart).
 */
export function varyingParams(rows: readonly Params[]): string[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (rows.length < 2) return keys;
  return keys.filter((k) => rows.some((r) => r[k] !== rows[0][k]));
}

/** "lr=0.001, alpha=0.5": numbers as formatNumber writes them, a missing value as a dash. */
export function formatParams(params: Params, keys: readonly string[]): string {
  return keys
    .filter((k) => Object.hasOwn(params, k))
    .map((k) => {
      const v = params[k];
      return `${k}=${typeof v === 'number' || v === null ? formatNumber(v) : String(v)}`;
    })
    .join(', ');
}
