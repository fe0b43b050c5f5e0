/** ResultsJson ⇄ text: the stable `results.json` / `--json` form, non-finite numbers as null. */
import type { ResultsJson } from './model.js';

/** JSON text of the results; NaN and ±Infinity (one-sided CI ends) become null. */
export function resultsToJson(results: ResultsJson): string {
  return JSON.stringify(results, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2) + '\n';
}
