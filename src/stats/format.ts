import type { TTestIndResult } from './ttest-ind.js';

/**
 * A p-value for people: 4 significant digits down to 1e-4, then scientific notation, and
 * "< 1e-16" below that (never "0"; the exact value is in --json output). NaN prints as "nan".
 * @example formatPValue(0.020543) // "0.02054"; formatPValue(3.2e-7) // "3.20e-7"; formatPValue(1e-300) // "< 1e-16"
 */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return 'nan';
  if (p < 1e-16) return '< 1e-16';
  if (p < 1e-4) return p.toExponential(2).replace('e-0', 'e-');
  return String(Number(p.toPrecision(4)));
}

/** A number with 4 decimals, or 4 significant digits when it is tiny or huge; ±inf/nan as scipy prints them. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-3 || ax >= 1e6)) return x.toPrecision(4);
  return x.toFixed(4);
}

/**
 * One line a scipy user recognises, e.g.
 * `Welch's t-test (two-sided): statistic=2.3412, pvalue=0.02054, df=57.31, 95% CI [0.0012, 0.0131] for mean(kd) − mean(ce)`.
 * `names` label the samples (group names); the CI is for mean(a) − mean(b).
 */
export function formatTTest(result: TTestIndResult, names: { readonly a: string; readonly b: string }): string {
  const test = result.method === 'welch' ? "Welch's t-test" : "Student's t-test";
  const df = result.method === 'welch' ? result.df.toFixed(2) : String(result.df);
  const level = `${Number((result.confidenceLevel * 100).toPrecision(6))}%`;
  const ci = `[${formatNumber(result.ci[0])}, ${formatNumber(result.ci[1])}]`;
  const line =
    `${test} (${result.alternative}): statistic=${formatNumber(result.statistic)}, pvalue=${formatPValue(result.pvalue)}, ` +
    `df=${df}, ${level} CI ${ci} for mean(${names.a}) − mean(${names.b})`;
  return result.reason ? `${line} (${result.reason})` : line;
}
