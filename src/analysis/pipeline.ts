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
import type { ResultsJson } from './model.js';
import type { TestName } from './tests.js';
import type { RunTable } from './table.js';
import { cellText } from './table.js';

export interface AnalyzeOptions {
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
}

export interface Analysis {
  readonly choices: Choices;
  readonly cleaning: CleanResult;
  readonly groups: readonly SampleGroup[];
  readonly compared: CompareResult;
  readonly results: ResultsJson;
}

/** detect → clean → group → compare (pure). */
export function analyzeTable(table: RunTable, opts: AnalyzeOptions, engine: StatsEngine): Analysis {
  // detect
  const roles = detectRoles(table);
  if (opts.group !== undefined && !table.columns.includes(opts.group)) throw unknownColumn('--group', opts.group, table);
  if (opts.metric !== undefined && !table.columns.includes(opts.metric)) throw unknownColumn('--metric', opts.metric, table);
  const group = opts.group ?? detectGroup(table);
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

  // compare
  const alternative = opts.alternative ?? 'two-sided';
  const alpha = opts.alpha ?? 0.05;
  const adjust = opts.adjust ?? 'holm';
  const compared = compareGroups(
    groups,
    { metric, goal, alternative, alpha, adjust, baseline: opts.baseline, pairs: opts.pairs, headlineTest: opts.test, seed: opts.seed },
    engine,
  );

  const warnings = [...cleaning.warnings, ...independenceWarnings(table, roles, cleaning, group), ...compared.warnings];
  const results: ResultsJson = {
    metric,
    group: opts.groupPattern ? `${group} ~ ${opts.groupPattern}` : group,
    goal,
    alternative,
    alpha,
    adjust,
    ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
    groups: groups.map((g) => g.summary),
    comparisons: compared.comparisons,
    expectedMax: compared.expectedMax,
    ...(compared.budgetMatched ? { budgetMatched: compared.budgetMatched } : {}),
    warnings,
  };
  return { choices, cleaning, groups, compared, results };
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
