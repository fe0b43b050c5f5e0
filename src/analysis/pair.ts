/**
 * Paired designs (pure): runs matched across groups by the values of `--pair-by` columns.
 *
 * Design note for the report pipeline (`--where`, `--group A,B`, `--pair-by COL[,COL…]`):
 *  a. after load, before anything else: `filterTable(table, parseWheres(where, table))`
 *     (filter.ts); the report lists each filter's `description`.
 *  b. `--group A,B`: `withGroupColumn(table, resolveGroupColumns(spec, table.columns))`
 *     (group-keys.ts) appends a label column `A=a, B=b`; clean groups by it; `keys` per label.
 *  0. `--pair-by` text → columns with `resolveColumnList(spec, table.columns, '--pair-by')`
 *     (group-keys.ts: the comma rules of `--group`); `auto` → `detectPairing(...).suggestion`
 *     (detect-pairing.ts), reported as detected; without `--pair-by`, a suggestion is only a hint.
 *  1. clean (clean.ts) as now → CleanGroup[] with each run's row index.
 *  2. `pairableRuns(table, groups, pairBy)` → one PairableRun per kept run: its group, metric
 *     value and key (the pairBy cells). Unknown columns throw a UsageError with near misses.
 *  3. `blockRuns(runs, pairBy)` → per group, one cell per key: runs sharing a group and a key are
 *     replicates and are averaged (arithmetic mean of the metric), counted in `replicatesAveraged`.
 *     Runs whose key has an empty cell cannot be matched: counted in `missingKey`, left out.
 *  4. per comparison (a, b): `pairGroups(blocked, a, b)` → the keys present in both groups, in
 *     key order, with the matched vectors `a[i]`, `b[i]`; keys only in a or only in b are dropped
 *     and counted (`droppedA`, `droppedB`) for the "unmatched keys" warning.
 *  5. `pairedTests(pair, options)` on those vectors: `ttestRel` (statistic, pvalue, df, n, R's
 *     paired interval for mean(a − b)), `wilcoxon` (scipy defaults: zero_method 'wilcox',
 *     correction false, method 'auto'), `cohensDz` with its noncentral-t interval. With pairing
 *     on, the paired t-test is the verdict test; its p-values (and Wilcoxon's) are adjusted over the
 *     comparisons with the same method as the unpaired ones, by the caller.
 *
 * JSON (results.json), stable field names:
 *   design: { pairBy: string[], keys: number, replicatesAveraged: number, dropped: number }
 *     keys = distinct complete keys over all groups; replicatesAveraged = runs that were averaged
 *     with at least one other run of their group and key; dropped = runs in no matched pair of any
 *     comparison (missing key, or a key no other group has) — see `designSummary`.
 *   comparisons[].paired   { statistic, pvalue, pvalueAdjusted, df, n, ci: [low, high] }
 *   comparisons[].wilcoxon { statistic, pvalue, pvalueAdjusted }
 *   comparisons[].dz       { value, ci: [low, high] }       (d_z = mean diff / sd diff)
 *   filters: string[]      (each --where's `description`, in order; see filter.ts)
 *   groups[].keys: { [column]: string }  (multi-column groups; see group-keys.ts)
 *
 * Key equality: each key cell is compared by its canonical text. A cell that reads as a finite
 * decimal number is written as JavaScript's shortest form of that number, so `1`, `"1"`, `"1.0"`
 * and `"1e0"` are one key (a seed written by a CSV export and by a JSON one must match); any other
 * cell is its text trimmed, compared case-sensitively (`"Garden"` ≠ `"garden"`). Empty cells
 * (null or whitespace) are missing. Multi-column keys are tuples, so ("a,b", "c") ≠ ("a", "b,c").
 */
import type { Alternative } from '../domain/metric.js';
import { cohensDz } from '../stats/cohens-dz.js';
import { ttestRel } from '../stats/ttest-rel.js';
import { wilcoxon } from '../stats/wilcoxon.js';
import type { CleanGroup } from './clean.js';
import { toNumber, unknownColumn } from './detect.js';
import type { Cell, RunTable } from './table.js';
import { cellText } from './table.js';

export interface PairableRun {
  readonly group: string;
  readonly value: number;
  /** The pairBy cells of this run, in pairBy order. */
  readonly key: readonly Cell[];
}

/** One (group, key) cell after averaging its replicates. */
export interface BlockCell {
  /** Canonical key parts, in pairBy order. */
  readonly key: readonly string[];
  /** Mean metric value of the runs in the cell. */
  readonly value: number;
  /** Runs averaged into this cell (1 when there was no replicate). */
  readonly count: number;
}

export interface BlockedRuns {
  readonly pairBy: readonly string[];
  /** Per group (first-seen order), its cells keyed by `keyId`. */
  readonly groups: ReadonlyMap<string, ReadonlyMap<string, BlockCell>>;
  /** Runs averaged with at least one other run of the same group and key. */
  readonly replicatesAveraged: number;
  /** Runs whose key had an empty cell, per group. */
  readonly missingKey: ReadonlyMap<string, number>;
}

export interface PairedSample {
  readonly a: string;
  readonly b: string;
  /** Matched keys, each as its canonical parts, in key order. */
  readonly keys: readonly (readonly string[])[];
  /** Group a's (averaged) value for each matched key. */
  readonly valuesA: readonly number[];
  readonly valuesB: readonly number[];
  /** Runs averaged into the matched cells of a and of b (runs beyond one per cell). */
  readonly replicatesAveraged: number;
  /** Keys present only in a / only in b, dropped from this comparison. */
  readonly droppedA: number;
  readonly droppedB: number;
}

/** The canonical text of one key cell, or null when it is missing. */
export function canonicalKeyPart(c: Cell): string | null {
  const text = cellText(c);
  if (text === null) return null;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = toNumber(trimmed);
  return Number.isFinite(n) ? String(n) : trimmed;
}

/** A string identifying a whole key: JSON of its parts, so no separator can collide. */
export function keyId(parts: readonly string[]): string {
  return JSON.stringify(parts);
}

/** Human-readable key, e.g. `scene=garden, budget=1`. */
export function keyLabel(pairBy: readonly string[], parts: readonly string[]): string {
  return pairBy.map((c, i) => `${c}=${parts[i]}`).join(', ');
}

/**
 * The runs of cleaned groups with their pairBy cells read from the table. Throws a UsageError
 * (`--pair-by: no column …; did you mean …`) for a column the table lacks.
 */
export function pairableRuns(table: RunTable, groups: readonly CleanGroup[], pairBy: readonly string[]): PairableRun[] {
  const cols = pairBy.map((name) => {
    const i = table.columns.indexOf(name);
    if (i < 0) throw unknownColumn('--pair-by', name, table);
    return table.data[i];
  });
  const out: PairableRun[] = [];
  for (const g of groups) {
    for (let i = 0; i < g.rows.length; i++) {
      const r = g.rows[i];
      out.push({ group: g.name, value: g.values[i], key: cols.map((col) => col[r]) });
    }
  }
  return out;
}

/** Averages the replicates of every (group, key); runs with a missing key part are counted and left out. */
export function blockRuns(runs: readonly PairableRun[], pairBy: readonly string[]): BlockedRuns {
  interface Acc {
    key: string[];
    sum: number;
    count: number;
  }
  const groups = new Map<string, Map<string, Acc>>();
  const missingKey = new Map<string, number>();
  for (const run of runs) {
    let cells = groups.get(run.group);
    if (!cells) groups.set(run.group, (cells = new Map<string, Acc>()));
    const parts = run.key.map(canonicalKeyPart);
    if (parts.length !== pairBy.length || parts.some((p) => p === null)) {
      missingKey.set(run.group, (missingKey.get(run.group) ?? 0) + 1);
      continue;
    }
    const key = parts as string[];
    const id = keyId(key);
    const cell = cells.get(id);
    if (cell) {
      cell.sum += run.value;
      cell.count++;
    } else cells.set(id, { key, sum: run.value, count: 1 });
  }
  let replicatesAveraged = 0;
  const out = new Map<string, Map<string, BlockCell>>();
  for (const [group, cells] of groups) {
    const m = new Map<string, BlockCell>();
    for (const [id, c] of cells) {
      if (c.count > 1) replicatesAveraged += c.count;
      m.set(id, { key: c.key, value: c.sum / c.count, count: c.count });
    }
    out.set(group, m);
  }
  return { pairBy: [...pairBy], groups: out, replicatesAveraged, missingKey };
}

/**
 * Keys order: part by part, numerically when both parts are numbers, else by text — so seeds sort
 * 2 < 10 and the matched vectors come out in a stable, readable order.
 */
export function compareKeys(x: readonly string[], y: readonly string[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const a = Number(x[i]),
      b = Number(y[i]);
    const c = Number.isFinite(a) && Number.isFinite(b) ? a - b : x[i] < y[i] ? -1 : x[i] > y[i] ? 1 : 0;
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

/** Matches groups a and b on the keys both have; throws nothing, an unknown group simply has no keys. */
export function pairGroups(blocked: BlockedRuns, a: string, b: string): PairedSample {
  const ca = blocked.groups.get(a) ?? new Map<string, BlockCell>();
  const cb = blocked.groups.get(b) ?? new Map<string, BlockCell>();
  const shared = [...ca.values()].filter((c) => cb.has(keyId(c.key))).sort((x, y) => compareKeys(x.key, y.key));
  let replicatesAveraged = 0;
  const valuesA: number[] = [];
  const valuesB: number[] = [];
  for (const c of shared) {
    const other = cb.get(keyId(c.key))!;
    valuesA.push(c.value);
    valuesB.push(other.value);
    if (c.count > 1) replicatesAveraged += c.count;
    if (other.count > 1) replicatesAveraged += other.count;
  }
  return {
    a,
    b,
    keys: shared.map((c) => c.key),
    valuesA,
    valuesB,
    replicatesAveraged,
    droppedA: ca.size - shared.length,
    droppedB: cb.size - shared.length,
  };
}

export interface DesignSummary {
  readonly pairBy: readonly string[];
  /** Distinct complete keys over all groups. */
  readonly keys: number;
  /** Runs averaged with at least one other run of the same group and key. */
  readonly replicatesAveraged: number;
  /** Runs in no matched pair of any comparison: a missing key part, or a key no compared group shares. */
  readonly dropped: number;
}

/** The `design` object of results.json for the comparisons actually made. */
export function designSummary(blocked: BlockedRuns, comparisons: readonly (readonly [string, string])[]): DesignSummary {
  const allKeys = new Set<string>();
  for (const cells of blocked.groups.values()) for (const id of cells.keys()) allKeys.add(id);
  const used = new Map<string, Set<string>>();
  for (const [a, b] of comparisons) {
    for (const k of pairGroups(blocked, a, b).keys) {
      const id = keyId(k);
      for (const g of [a, b]) {
        let s = used.get(g);
        if (!s) used.set(g, (s = new Set()));
        s.add(id);
      }
    }
  }
  let dropped = 0;
  for (const n of blocked.missingKey.values()) dropped += n;
  for (const [group, cells] of blocked.groups) {
    const u = used.get(group);
    for (const [id, c] of cells) if (!u?.has(id)) dropped += c.count;
  }
  return { pairBy: blocked.pairBy, keys: allKeys.size, replicatesAveraged: blocked.replicatesAveraged, dropped };
}

export interface PairedTestsOptions {
  readonly alternative?: Alternative;
  readonly confidenceLevel?: number;
}

export interface PairedTests {
  /** Paired t-test on a − b (scipy ttest_rel; R's paired interval for the mean difference). */
  readonly paired: {
    readonly statistic: number;
    readonly pvalue: number;
    readonly df: number;
    readonly n: number;
    readonly ci: readonly [number, number];
  };
  /** Wilcoxon signed-rank test with scipy's defaults. */
  readonly wilcoxon: { readonly statistic: number; readonly pvalue: number; readonly method: 'exact' | 'approx' };
  /** Cohen's d_z with its noncentral-t interval. */
  readonly dz: { readonly value: number; readonly ci: readonly [number, number] };
  /** Why a test could not be computed (fewer than 2 matched keys, every difference 0…), if so. */
  readonly reason?: string;
}

const NAN_PAIR = [NaN, NaN] as const;

/**
 * The paired tests of one matched comparison; never throws on data: with fewer than 2 matched keys
 * (or every difference 0) the numbers are NaN and `reason` says why, so one thin comparison does not
 * stop a report. p-value adjustment across comparisons is the caller's.
 */
export function pairedTests(pair: PairedSample, options: PairedTestsOptions = {}): PairedTests {
  const n = pair.keys.length;
  if (n < 2) {
    return {
      paired: { statistic: NaN, pvalue: NaN, df: NaN, n, ci: NAN_PAIR },
      wilcoxon: { statistic: NaN, pvalue: NaN, method: 'exact' },
      dz: { value: NaN, ci: NAN_PAIR },
      reason: `${pair.a} and ${pair.b} share ${n} key${n === 1 ? '' : 's'}; a paired test needs at least 2`,
    };
  }
  const t = ttestRel(pair.valuesA, pair.valuesB, options);
  const dz = cohensDz(pair.valuesA, pair.valuesB, { confidenceLevel: options.confidenceLevel });
  const allZero = pair.valuesA.every((v, i) => v - pair.valuesB[i] === 0);
  const w = allZero ? undefined : wilcoxon(pair.valuesA, pair.valuesB, { alternative: options.alternative });
  return {
    paired: { statistic: t.statistic, pvalue: t.pvalue, df: t.df, n, ci: t.ci },
    wilcoxon: w ? { statistic: w.statistic, pvalue: w.pvalue, method: w.method } : { statistic: NaN, pvalue: NaN, method: 'approx' },
    dz: { value: dz.estimate, ci: dz.ci },
    ...(t.reason ? { reason: t.reason } : allZero ? { reason: 'every paired difference is 0' } : {}),
  };
}
