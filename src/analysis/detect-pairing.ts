/**
 * Detecting a paired design (pure): which columns match runs across groups, for the hint "these runs
 * look paired by seed: --pair-by seed" and for `--pair-by auto`.
 *
 * Input: the table, the cleaned groups (their row indices say which runs are compared; a group
 * derived from a name pattern works as well as a group column) and the columns that already have
 * a role (group, metric, run id, state…), which are never suggested. Key columns must exist in the
 * table: for a design that lives only in a run name (`method-scene-budget-rep`), the caller derives
 * the columns first (`--derive`, derive.ts) and passes the extended table.
 *
 * Scoring a candidate key K (one column, or two/three of the best single columns):
 *   coverage    = share of the compared runs whose K is complete;
 *   overlap     = share of those runs whose K value also occurs in another group;
 *   uniqueness  = mean over groups of (distinct K values / runs with K) — 1 when every group holds
 *                 each key once, low when K is a factor with many runs per level;
 *   score       = coverage · overlap · uniqueness.
 * Suggested when score ≥ 0.5 and the median pair of groups shares ≥ 2 keys. Among candidates within
 * 2 % of the best score, fewer columns win, then seed-like names (seed, random_state, config.seed,
 * params_seed…), then column order — so (dataset, seed) beats dataset alone, and seed alone beats
 * (seed, phase) when seed already pairs every run.
 * Never candidates: the given role columns; names of ids, run names, paths and times; columns whose
 * values are unique per run; constant columns; other metrics by name (`val_*`, `test/*`,
 * `*accuracy*`, `*loss*`, `metrics.*`…); continuous numbers distinct for most runs (measurements); cells longer than 200 characters (JSON configs).
 */
import { canonicalKeyPart } from './pair.js';
import type { CleanGroup } from './clean.js';
import type { Cell, RunTable } from './table.js';
import { cellText } from './table.js';

export interface PairingCandidate {
  readonly columns: readonly string[];
  readonly score: number;
  readonly coverage: number;
  readonly overlap: number;
  readonly uniqueness: number;
  /** Median number of keys shared by a pair of groups. */
  readonly sharedKeys: number;
}

export interface PairingDetection {
  /** The suggested pairing, if any: pass it as `--pair-by` (or use it for `--pair-by auto`). */
  readonly suggestion?: PairingCandidate;
  /** Every scored candidate, best first (for --debug and tests). */
  readonly candidates: readonly PairingCandidate[];
}

export const PAIRING_MIN_SCORE = 0.5;

/** Up to this many groups, the shared-keys median is over every pair of groups. */
export const SHARED_ALL_PAIRS_MAX_GROUPS = 64;
/** Above it, each group is paired with this many following groups. */
export const SHARED_NEIGHBOURS = 4;

const SEED_NAME = /(^|[._/\s-])(seed|random_state|random_seed|rng_seed|rng)$/i;
const EXCLUDED_NAME =
  /(^|[._/\s-])(id|run_?id|runid|uuid|name|run_?name|display_?name|trial_?id|number|path|dir|directory|url|uri|artifact_uri|notes|tags|commit|hash|host|hostname|user)$|time|date|created|updated|_timestamp|_runtime|duration|^_step$|^start|^end/i;

/** Other metrics and measurements of a run: never a key, however their rounded values repeat. */
const METRIC_NAME =
  /^(metrics\.|summary\.|summary_metrics\.|(test|val|valid|eval|train|best)[_/.])|(^|[._/\s-])(acc|accuracy|loss|auroc|auc|roc_auc|f1|f1_macro|psnr|ssim|lpips|score|value|error|err|mse|mae|rmse|precision|recall|reward|perplexity|ppl|bleu|energy|energy_kwh|kwh|memory|throughput|fps)([._/\s-]|$)/i;

/** Rows scored at most: above it, each group is read at evenly spaced rows (a hint needs no more). */
export const DETECT_MAX_ROWS = 20_000;

/**
 * The groups as detection reads them: whole when they are small, else every group thinned to evenly
 * spaced rows (at least 200 each). Scoring every row of a million-run table cost the report 1.9 s of
 * 8 for a hint; coverage, overlap and uniqueness are shares, which a spread sample keeps.
 */
function sampled(groups: CleanGroup[]): CleanGroup[] {
  const total = groups.reduce((s, g) => s + g.rows.length, 0);
  if (total <= DETECT_MAX_ROWS) return groups;
  const per = Math.max(200, Math.floor(DETECT_MAX_ROWS / groups.length));
  return groups.map((g) => {
    if (g.rows.length <= per) return g;
    const step = g.rows.length / per;
    const at = Int32Array.from({ length: per }, (_, i) => Math.floor(i * step));
    return { ...g, rows: at.map((k) => g.rows[k]), values: Float64Array.from(at, (k) => g.values[k]) };
  });
}

/**
 * Whether a column describes a run's outcome or bookkeeping (a metric, an id, a time, a tracker's
 * `_` field) rather than a setting: never a pairing key, never a best run's hyperparameter.
 */
export function isMetricOrMetadataName(name: string): boolean {
  return name.startsWith('_') || EXCLUDED_NAME.test(name) || METRIC_NAME.test(name);
}

/** Scores the columns of `table` as pairing keys for `groups`; see the module comment. */
export function detectPairing(table: RunTable, groups: readonly CleanGroup[], roleColumns: readonly string[]): PairingDetection {
  const compared = sampled(groups.filter((g) => g.rows.length > 0));
  const nRuns = compared.reduce((s, g) => s + g.rows.length, 0);
  if (compared.length < 2 || nRuns < 4) return { candidates: [] };
  const roles = new Set(roleColumns);
  const singles: PairingCandidate[] = [];
  for (let c = 0; c < table.columns.length; c++) {
    const name = table.columns[c];
    if (roles.has(name) || isMetricOrMetadataName(name)) continue;
    if (!plausibleKeyColumn(table.data[c], compared, nRuns)) continue;
    const cand = scoreKey(table, compared, [name]);
    if (cand && cand.overlap > 0) singles.push(cand);
  }
  singles.sort(byScore);
  // Combinations of the single columns that repeat most across groups: a blocking design is often
  // two factors, each of which alone scores low (dataset: 5 levels over 100 runs per method).
  const top = [...singles]
    .sort((x, y) => y.overlap * y.coverage - x.overlap * x.coverage || y.score - x.score)
    .slice(0, 6)
    .map((s) => s.columns[0]);
  const combos: PairingCandidate[] = [];
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      const two = scoreKey(table, compared, ordered(table, [top[i], top[j]]));
      if (two) combos.push(two);
      for (let k = j + 1; k < top.length; k++) {
        const three = scoreKey(table, compared, ordered(table, [top[i], top[j], top[k]]));
        if (three) combos.push(three);
      }
    }
  }
  const candidates = [...singles, ...combos].sort(byScore);
  const best = candidates[0];
  if (!best || best.score < PAIRING_MIN_SCORE || best.sharedKeys < 2) return { candidates };
  const near = candidates.filter((c) => c.score >= best.score - 0.02 && c.sharedKeys >= 2);
  near.sort((x, y) => x.columns.length - y.columns.length || seedRank(x) - seedRank(y) || y.score - x.score);
  return { suggestion: near[0], candidates };
}

function byScore(x: PairingCandidate, y: PairingCandidate): number {
  return y.score - x.score || x.columns.length - y.columns.length;
}

function seedRank(c: PairingCandidate): number {
  return c.columns.some((n) => SEED_NAME.test(n)) ? 0 : 1;
}

function ordered(table: RunTable, cols: string[]): string[] {
  return cols.sort((a, b) => table.columns.indexOf(a) - table.columns.indexOf(b));
}

/** Cheap filters before scoring: not constant, not unique per run, not a measurement, not a blob. */
function plausibleKeyColumn(col: readonly Cell[], groups: readonly CleanGroup[], nRuns: number): boolean {
  const seen = new Set<string>();
  let present = 0;
  let nonInteger = false;
  for (const g of groups) {
    for (const r of g.rows) {
      const c = col[r];
      const text = cellText(c);
      if (text === null || text.trim() === '') continue;
      if (text.length > 200) return false;
      present++;
      const part = canonicalKeyPart(c)!;
      seen.add(part);
      const n = Number(part);
      if (Number.isFinite(n) && !Number.isInteger(n)) nonInteger = true;
    }
  }
  if (present < nRuns / 2 || seen.size < 2 || seen.size >= present) return false;
  // Continuous measurements (a second metric, a runtime): non-integers, distinct for most runs.
  // A random search's lr repeated by a shared sampler seed has one value per run of a group, so
  // it stays (distinct ≈ runs / groups).
  if (nonInteger && seen.size > present / 2) return false;
  return true;
}

function scoreKey(table: RunTable, groups: readonly CleanGroup[], columns: readonly string[]): PairingCandidate | undefined {
  const cols = columns.map((c) => table.data[table.columns.indexOf(c)]);
  const perGroup: Map<string, number>[] = [];
  let nRuns = 0;
  let withKey = 0;
  for (const g of groups) {
    const counts = new Map<string, number>();
    for (const r of g.rows) {
      nRuns++;
      const parts = cols.map((col) => canonicalKeyPart(col[r]));
      if (parts.some((p) => p === null)) continue;
      withKey++;
      const id = JSON.stringify(parts);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    perGroup.push(counts);
  }
  if (withKey === 0) return undefined;
  // In how many groups each key occurs.
  const groupsWith = new Map<string, number>();
  for (const counts of perGroup) for (const id of counts.keys()) groupsWith.set(id, (groupsWith.get(id) ?? 0) + 1);
  let overlapping = 0;
  let uniqSum = 0;
  let uniqGroups = 0;
  for (const counts of perGroup) {
    let runs = 0;
    for (const [id, n] of counts) {
      runs += n;
      if (groupsWith.get(id)! > 1) overlapping += n;
    }
    if (runs > 0) {
      uniqSum += counts.size / runs;
      uniqGroups++;
    }
  }
  // The median of the keys shared by pairs of groups: over every pair for a few groups; over each
  // group's next SHARED_NEIGHBOURS groups (cyclically) for many, so thousands of groups cost
  // O(groups × keys) per candidate instead of O(groups² × keys).
  const shared: number[] = [];
  const countShared = (i: number, j: number) => {
    let s = 0;
    for (const id of perGroup[i].keys()) if (perGroup[j].has(id)) s++;
    shared.push(s);
  };
  const G = perGroup.length;
  if (G <= SHARED_ALL_PAIRS_MAX_GROUPS) {
    for (let i = 0; i < G; i++) for (let j = i + 1; j < G; j++) countShared(i, j);
  } else {
    for (let i = 0; i < G; i++) for (let k = 1; k <= SHARED_NEIGHBOURS; k++) countShared(i, (i + k) % G);
  }
  shared.sort((a, b) => a - b);
  const coverage = withKey / nRuns;
  const overlap = overlapping / withKey;
  const uniqueness = uniqSum / uniqGroups;
  return {
    columns,
    score: coverage * overlap * uniqueness,
    coverage,
    overlap,
    uniqueness,
    sharedKeys: shared.length ? shared[Math.floor((shared.length - 1) / 2)] : 0,
  };
}
