/**
 * The analysis of `kdlab report` (pure); src/report builds the report from it:
 *
 *     source ──load──▶ RunTable ──detect──▶ roles ──clean──▶ CleanResult ──group──▶ SampleGroup[]
 *      (I/O: file or store,        (tracker format,     (states, dropped,     (sorted samples,
 *       SHA-256)                    group/metric)        duplicates)           summaries, boxes)
 *
 *     SampleGroup[] ──compare──▶ CompareResult ──assemble──▶ ReportModel ──render/archive──▶ files
 *                    (tests, adjustment,          (ResultsJson + boxes       (I/O: src/report,
 *                     best-of-N, warnings)         + provenance)              src/render)
 *
 * `analyzeTable` runs the pure middle (detect → compare) on a table already loaded; src/report/build.ts
 * assembles the ReportModel, and the command (src/commands/report.ts) does the I/O at both ends.
 */
import type { Alternative, Goal } from '../domain/metric.js';
import { messages } from '../log/messages.js';
import { cleanRuns, type CleanResult } from './clean.js';
import { compareGroups, type AdjustMethod, type CompareResult, type StatsEngine } from './compare.js';
import { detectGroup, detectMetric, detectRoles, goalFromName, unknownColumn, type ColumnRoles } from './detect.js';
import { groupSamples, type SampleGroup } from './group.js';
import { detectPairing } from './detect-pairing.js';
import { UsageError } from '../errors.js';
import { deriveTable } from './derive.js';
import { filterTable, parseWheres } from './filter.js';
import { resolveColumnList, resolveGroupColumns, withGroupColumn, type GroupKeyColumn } from './group-keys.js';
import type { PairingNote, ResultsJson } from './model.js';
import { blockRuns, designSummary, pairableRuns } from './pair.js';
import type { TestName } from './tests.js';
import type { RunTable } from './table.js';
import { cellText } from './table.js';

export interface AnalyzeOptions {
  /** `--derive` expressions (derive.ts): columns from another column's text, before filtering. */
  readonly derive?: readonly string[];
  /** `--where` expressions (filter.ts): rows must pass all of them, before grouping. */
  readonly where?: readonly string[];
  /** A column, or several as `A,B` (group-keys.ts): each group is one combination of their values. */
  readonly group?: string;
  readonly groupPattern?: RegExp;
  readonly metric?: string;
  readonly goal?: Goal;
  readonly baseline?: string;
  readonly pairs?: 'baseline' | 'all';
  readonly alternative?: Alternative;
  readonly adjust?: AdjustMethod;
  readonly alpha?: number;
  /** The test behind every verdict (`--test`). */
  readonly test?: TestName;
  readonly includeFailed?: boolean;
  readonly seed?: number;
  readonly title?: string;
  /** `--pair-by COL[,COL…]` or `auto` (pair.ts): match runs across groups by these columns. */
  readonly pairBy?: string;
  /** Cap on `--pairs all` comparisons (default MAX_COMPARISONS). */
  readonly maxComparisons?: number;
  /** Progress of the comparisons (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the pipeline chose and why: printed so a detected column is never a silent guess. */
export interface Choices {
  readonly format: ColumnRoles['format'];
  readonly group: string;
  readonly groupPattern?: string;
  readonly groupDetected: boolean;
  readonly metric: string;
  readonly metricDetected: boolean;
  readonly goal: Goal;
  readonly goalDetected: boolean;
  readonly state?: string;
  readonly id?: string;
  /** With `--group A,B`: the columns grouped by (`group` is then the derived label column). */
  readonly groupColumns?: readonly string[];
}

export interface Analysis {
  /** The table the analysis read: filtered by `--where`, with a `--group A,B` label column appended. */
  readonly table: RunTable;
  readonly choices: Choices;
  /** Pairing found in (or chosen from) the data; see PairingNote. */
  readonly pairing?: PairingNote;
  readonly cleaning: CleanResult;
  readonly groups: readonly SampleGroup[];
  readonly compared: CompareResult;
  readonly results: ResultsJson;
}

/** filter → detect → clean → group → pair → compare (pure). */
export function analyzeTable(input: RunTable, opts: AnalyzeOptions, engine: StatsEngine): Analysis {
  // filter: every --where is parsed (and its column checked) before any row is read
  // derive: columns from a column's text (`--derive name~(?<scene>…)`), then filter on them too
  const derived = deriveTable(input, opts.derive ?? []);
  const filters = parseWheres(opts.where ?? [], derived.table);
  let table = filterTable(derived.table, filters);

  // detect
  const roles = detectRoles(table);
  if (opts.metric !== undefined && !table.columns.includes(opts.metric)) throw unknownColumn('--metric', opts.metric, table);
  let groupKeys: GroupKeyColumn | undefined;
  let groupColumn: string | undefined;
  if (opts.group !== undefined) {
    const columns = resolveGroupColumns(opts.group, table.columns);
    groupColumn = columns[0];
    if (columns.length > 1) {
      groupKeys = withGroupColumn(table, columns);
      table = groupKeys.table;
    }
  }
  const group = groupKeys?.column ?? groupColumn ?? detectGroup(table);
  const metric = opts.metric ?? detectMetric(table);
  const goal = opts.goal ?? (table.hints?.metric?.name === metric ? table.hints.metric.goal : goalFromName(metric));
  const choices: Choices = {
    format: roles.format,
    group,
    ...(opts.groupPattern ? { groupPattern: String(opts.groupPattern) } : {}),
    groupDetected: opts.group === undefined,
    metric,
    metricDetected: opts.metric === undefined,
    goal,
    goalDetected: opts.goal === undefined,
    state: roles.state,
    id: roles.id,
    ...(groupKeys ? { groupColumns: groupKeys.columns } : {}),
  };

  // clean
  const cleaning = cleanRuns(table, {
    group,
    metric,
    groupPattern: opts.groupPattern,
    state: roles.state,
    id: roles.id,
    includeFailed: opts.includeFailed,
  });

  // group
  const groups = groupSamples(cleaning.groups, goal);

  // pair: the columns named, the best detected candidate (auto), or only a hint
  const roleColumns = [group, metric, ...(groupKeys?.columns ?? []), ...[roles.state, roles.id].filter((c) => c !== undefined)];
  const { pairBy, pairing } = choosePairing(table, cleaning, roleColumns, opts.pairBy);
  const blocked = pairBy
    ? blockRuns(
        pairableRuns(
          table,
          cleaning.groups.filter((g) => g.rows.length > 0),
          pairBy,
        ),
        pairBy,
      )
    : undefined;

  // compare
  const alternative = opts.alternative ?? 'two-sided';
  const alpha = opts.alpha ?? 0.05;
  const adjust = opts.adjust ?? 'holm';
  const compared = compareGroups(
    groups,
    {
      metric,
      goal,
      alternative,
      alpha,
      adjust,
      baseline: opts.baseline,
      pairs: opts.pairs,
      headlineTest: opts.test,
      seed: opts.seed,
      paired: blocked,
      maxComparisons: opts.maxComparisons,
      onProgress: opts.onProgress,
    },
    engine,
  );
  const design = blocked
    ? designSummary(
        blocked,
        compared.comparisons.map((c) => [c.a, c.b] as const),
      )
    : undefined;

  const warnings = [...cleaning.warnings, ...independenceWarnings(table, roles, cleaning, group), ...compared.warnings];
  if (design && design.dropped > 0) warnings.push(messages.unmatchedKeys(design.dropped, design.pairBy));
  derived.specs.forEach((d, k) => {
    if (derived.unmatched[k] > 0) warnings.push(messages.deriveUnmatched(derived.unmatched[k], input.rowCount, d));
  });
  const results: ResultsJson = {
    metric,
    group: groupKeys ? groupKeys.columns.join(',') : opts.groupPattern ? `${group} ~ ${opts.groupPattern}` : group,
    goal,
    alternative,
    alpha,
    adjust,
    ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
    filters: filters.map((f) => f.description),
    ...(derived.specs.length ? { derived: derived.specs.map((d) => d.description) } : {}),
    ...(design ? { design } : {}),
    groups: groups.map((g) => {
      const keys = groupKeys?.keys.get(g.name);
      return { ...g.summary, ...(g.summary.n === 0 ? { empty: true } : {}), ...(keys ? { keys } : {}) };
    }),
    comparisons: compared.comparisons,
    expectedMax: compared.expectedMax,
    ...(compared.budgetMatched ? { budgetMatched: compared.budgetMatched } : {}),
    warnings,
  };
  return { table, choices, ...(pairing ? { pairing } : {}), cleaning, groups, compared, results };
}

/**
 * The pairing of a report: `--pair-by COL[,COL…]` as named; `--pair-by auto` the best detected key
 * (UsageError when there is none); without `--pair-by`, the detected key only as a hint.
 */
export function choosePairing(
  table: RunTable,
  cleaning: CleanResult,
  roleColumns: readonly string[],
  spec: string | undefined,
): { pairBy?: readonly string[]; pairing?: PairingNote } {
  if (spec !== undefined && spec.trim() !== 'auto') return { pairBy: resolveColumnList(spec, table.columns, '--pair-by') };
  const found = detectPairing(table, cleaning.groups, roleColumns).suggestion;
  if (spec === undefined) {
    if (!found) return {};
    const columns = found.columns;
    const flag = `--pair-by ${columns.join(',')}`;
    return { pairing: { columns, use: 'suggested', flag, message: messages.pairingSuggested(columns) } };
  }
  if (!found) throw new UsageError(messages.pairingNotFound());
  const columns = found.columns;
  return {
    pairBy: columns,
    pairing: { columns, use: 'auto', flag: `--pair-by ${columns.join(',')}`, message: messages.pairingAuto(columns) },
  };
}

/** Search methods whose runs depend on earlier results (not independent samples). */
const ADAPTIVE_METHODS = /^(bayes|bayesian|tpe|bo|gp|cmaes|cma-es|hyperband|asha|pbt|smac|optuna)$/i;

/** Warnings that the runs are not independent samples, from what the input says. */
export function independenceWarnings(table: RunTable, roles: ColumnRoles, cleaning: CleanResult, groupColumn: string): string[] {
  const out: string[] = [];
  const byMethod = new Map<string, Set<string>>();
  const note = (method: string, group: string) => {
    if (!byMethod.has(method)) byMethod.set(method, new Set());
    byMethod.get(method)!.add(group);
  };
  if (roles.sweepMethod) {
    const col = table.data[table.columns.indexOf(roles.sweepMethod)];
    for (const g of cleaning.groups) {
      for (const r of g.rows) {
        const m = cellText(col[r]);
        if (m && ADAPTIVE_METHODS.test(m.trim())) note(m.trim().toLowerCase(), g.name);
      }
    }
  } else if (table.sweepMethods) {
    const sweepCol = table.columns.includes('sweep') ? table.data[table.columns.indexOf('sweep')] : undefined;
    for (const g of cleaning.groups) {
      const sweeps = new Set<string>();
      if (groupColumn === 'sweep') sweeps.add(g.name);
      else if (sweepCol) for (const r of g.rows) sweeps.add(String(sweepCol[r]));
      for (const s of sweeps) {
        const m = table.sweepMethods[s];
        if (m && ADAPTIVE_METHODS.test(m)) note(m, g.name);
      }
    }
  }
  for (const [method, groups] of byMethod) out.push(messages.notIndependent([...groups], method));
  if (roles.format === 'optuna' && byMethod.size === 0 && !table.columns.some((c) => c.startsWith('system_attrs_grid_id')))
    out.push(messages.optunaDefaultSampler());
  const pruned = cleaning.byState.pruned ?? 0;
  if (pruned > 0) out.push(messages.earlyTerminated(pruned));
  return out;
}
