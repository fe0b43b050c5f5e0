/**
 * Number formatting, one function per idea, shared by the terminal, HTML and Markdown renderers so
 * they show the same digits.
 * Non-finite values never reach a reader as "NaN": null/NaN show as an em dash, infinities as ±∞
 * (one-sided confidence intervals have an infinite bound).
 */

const DASH = '—';

/** Four significant digits, no exponent for everyday magnitudes: 0.87345 → "0.8735". */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return DASH;
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return minus(x.toExponential(digits - 1).replace(/\.?0+e/, 'e'));
  return minus(String(Number(x.toPrecision(digits))));
}

/** A count: an integer with no grouping, or a dash. */
export function formatCount(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return String(Math.round(x));
}

/** Degrees of freedom: integers as such, Welch's fractional df to two decimals. */
export function formatDf(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** Below this a p-value is a rounding artefact of double precision: shown as a bound, never as "0". */
const P_FLOOR = 1e-16;

/**
 * p-values: two significant digits by default (0.0017, 0.049, 0.35), exponent form below 0.0001,
 * "< 1e-16" below that.
 */
export function formatP(p: number | null | undefined, digits = 2): string {
  if (p === null || p === undefined || Number.isNaN(p)) return DASH;
  if (p < P_FLOOR) return '< 1e-16';
  if (p >= 1e-4) return String(Number(p.toPrecision(digits)));
  return minus(p.toExponential(digits - 1));
}

/**
 * "p = 0.012", or "p < 1e-16" when the formatted value is already a bound (never "p = < 1e-16").
 * Takes the formatted value, so it serves every p formatter.
 */
export function pClause(name: string, formatted: string): string {
  return /^[<>≤≥]/.test(formatted) ? `${name} ${formatted}` : `${name} = ${formatted}`;
}

/** "[lo, hi]" with the same digits as formatNumber. */
export function formatInterval(ci: readonly [number, number] | null | undefined, digits = 4): string {
  if (!ci) return DASH;
  return `[${formatNumber(ci[0], digits)}, ${formatNumber(ci[1], digits)}]`;
}

/** Proportion as a percentage with one decimal: 0.734 → "73.4%". */
export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return `${(x * 100).toFixed(1)}%`;
}

/**
 * Fixed decimals for the terminal's aligned columns (0.8734 → "0.8734"), exponent form for huge or
 * tiny values, and ∞, −∞, "nan" as they are.
 */
export function formatFixed(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(digits);
}

/**
 * One table column (terminal and HTML): every number with the same precision, so the column aligns
 * on its decimal point. Fixed decimals while every value is an everyday magnitude; otherwise the
 * whole column in exponent form (never 0.0012 above 1.234e−5). Negatives take the typographic
 * minus, as formatNumber writes them, so a column reads the same on every surface; NaN is a dash,
 * infinities ±∞.
 */
export function formatColumn(values: readonly number[], digits = 4): string[] {
  const finite = values.filter(Number.isFinite);
  const everyday = finite.every((x) => x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5));
  return values.map((x) =>
    Number.isNaN(x) ? DASH : !Number.isFinite(x) ? formatFixed(x) : minus(everyday ? x.toFixed(digits) : x.toExponential(digits - 1)),
  );
}

/** Rows of several number columns, each column at one precision (formatColumn): items × values. */
export function formatColumns<T>(items: readonly T[], values: readonly ((item: T) => number)[], digits = 4): string[][] {
  const cols = values.map((value) => formatColumn(items.map(value), digits));
  return items.map((_, i) => cols.map((col) => col[i]));
}

/** Typographic minus, so negative numbers line up with positives in tables. */
function minus(s: string): string {
  return s.replace(/^-/, '−').replace(/e-/, 'e−').replace(/e\+/, 'e');
}

/**
 * A duration given in seconds, as a terminal shows elapsed times and ETAs: "45s", "1m05s", "3h05m".
 * Rounded to whole seconds first, so 59.6 s reads "1m00s", never "60s" or "1m60s".
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
