/**
 * Recognising exports (pure): which tracker wrote a table, and which columns hold the group, the
 * metric, the run state, the run id and the sweep method. Explicit `--group/--metric` always win; a
 * detected choice is reported so the user sees it.
 */
import type { Goal } from '../domain/metric.js';
import { quote, UsageError } from '../errors.js';
import { levenshtein } from '../util/registry.js';
import type { RunTable } from './table.js';
import { cellText } from './table.js';

export type TrackerFormat = 'wandb-ui' | 'wandb-api' | 'mlflow' | 'optuna' | 'kdlab-store' | 'generic';

export const TRACKER_LABELS: Readonly<Record<TrackerFormat, string>> = {
  'wandb-ui': 'Weights & Biases UI export',
  'wandb-api': 'Weights & Biases API export',
  mlflow: 'MLflow search_runs table',
  optuna: 'Optuna trials_dataframe',
  'kdlab-store': 'kdlab run store',
  generic: 'run table',
};

export interface ColumnRoles {
  readonly format: TrackerFormat;
  readonly state?: string;
  readonly id?: string;
  /** A column naming the search method of each run's sweep (grid/random/bayes/tpe…). */
  readonly sweepMethod?: string;
}

const has = (t: RunTable, c: string) => t.columns.includes(c);
const firstOf = (t: RunTable, names: readonly string[]) => names.find((n) => has(t, n) && nonEmptyCount(t, n) > 0);

export function detectTracker(table: RunTable): TrackerFormat {
  const cols = table.columns;
  if (table.hints?.group === 'sweep' && has(table, 'sweep_method')) return 'kdlab-store';
  if (has(table, 'status') && cols.some((c) => c.startsWith('metrics.') || c.startsWith('params.'))) return 'mlflow';
  if (
    has(table, 'state') &&
    (has(table, 'value') || has(table, 'values_0')) &&
    (has(table, 'number') || cols.some((c) => c.startsWith('params_')))
  )
    return 'optuna';
  if (has(table, 'Name') && ['State', 'Sweep', 'Created', 'Runtime', 'ID'].some((c) => has(table, c))) return 'wandb-ui';
  if (has(table, 'name') && (has(table, 'run_id') || has(table, '_runtime') || has(table, '_step') || has(table, 'state')))
    return 'wandb-api';
  return 'generic';
}

export function detectRoles(table: RunTable): ColumnRoles {
  const format = detectTracker(table);
  const state = firstOf(table, ['State', 'state', 'status', 'Status']);
  const idNames = format === 'optuna' ? ['number', 'trial_id'] : ['ID', 'id', 'run_id', 'Run ID', 'runId', 'trial_id'];
  const id = firstOf(table, idNames);
  const sweepMethod = firstOf(table, ['sweep_method', 'Sweep method', 'sweep.method', 'sweep_method_name', 'sampler']);
  return { format, state, id, sweepMethod };
}

const GROUP_CANDIDATES = [
  'Sweep',
  'sweep',
  'sweep_name',
  'Group',
  'group',
  'variant',
  'loss_variant',
  'params.variant',
  'method',
  'params_variant',
];
const METRIC_CANDIDATES = [
  'eval/accuracy',
  'eval/acc',
  'val/accuracy',
  'val/acc',
  'eval_accuracy',
  'val_accuracy',
  'val_acc',
  'accuracy',
  'acc',
  'test/accuracy',
  'test_accuracy',
  'test_acc',
  'value',
  'metric_value',
  'metric',
  'score',
];

/** The group column: the store's `sweep`, else a usual name with 2+ groups, else an error listing candidates. */
export function detectGroup(table: RunTable): string {
  if (table.hints?.group && has(table, table.hints.group)) return table.hints.group;
  for (const c of GROUP_CANDIDATES) {
    if (!has(table, c)) continue;
    const k = distinctCount(table, c, 1000);
    if (k >= 2 && k < table.rowCount) return c;
  }
  const candidates = groupCandidates(table);
  throw new UsageError(
    `no group column detected; choose one with --group COL${candidates.length ? ` (columns with 2–50 distinct values: ${candidates.slice(0, 12).join(', ')})` : ''}.`,
  );
}

/** Columns that look like groups: 2–50 distinct values, fewer distinct values than rows. */
export function groupCandidates(table: RunTable): string[] {
  return table.columns.filter((c) => {
    const k = distinctCount(table, c, 51);
    return k >= 2 && k <= 50 && k < table.rowCount;
  });
}

/** The metric column: the store's metric, a usual name, else the first `metrics.*` accuracy-like column. */
export function detectMetric(table: RunTable): string {
  const hinted = table.hints?.metric?.name;
  if (hinted && has(table, hinted)) return hinted;
  for (const c of METRIC_CANDIDATES) if (has(table, c) && numericCount(table, c) > 0) return c;
  const metricCols = table.columns.filter((c) => /^(metrics\.|summary\.|summary_metrics\.)/.test(c) && numericCount(table, c) > 0);
  const acc = metricCols.find((c) => /(val|eval).*acc/i.test(c)) ?? metricCols.find((c) => /acc/i.test(c)) ?? metricCols[0];
  if (acc) return acc;
  const numeric = table.columns.filter((c) => numericCount(table, c) > 0).slice(0, 12);
  throw new UsageError(
    `no metric column detected; choose one with --metric COL${numeric.length ? ` (numeric columns: ${numeric.join(', ')})` : ''}.`,
  );
}

/** Losses and errors are minimised; everything else (accuracy, reward, AUROC) is maximised. */
export function goalFromName(metric: string): Goal {
  return /loss|error|(^|[^a-z])err([^a-z]|$)|mse|mae|rmse|perplexity|ppl|wer|cer/i.test(metric) ? 'minimize' : 'maximize';
}

/**
 * A UsageError for a column that does not exist, naming it and listing near misses (edit distance,
 * case, substring) or else the available columns.
 */
export function unknownColumn(flag: string, name: string, table: RunTable): UsageError {
  const near = nearMisses(name, table.columns);
  const list = near.length
    ? `did you mean ${near.map((c) => quote(c)).join(', ')}?`
    : `available columns: ${table.columns
        .slice(0, 20)
        .map((c) => quote(c))
        .join(', ')}${table.columns.length > 20 ? ', …' : ''}`;
  return new UsageError(`${flag}: no column ${quote(name)} in the table; ${list}`);
}

export function nearMisses(name: string, options: readonly string[], max = 3): string[] {
  const lower = name.toLowerCase();
  const scored = options
    .map((o) => {
      const ol = o.toLowerCase();
      const d = ol === lower ? 0 : ol.includes(lower) || lower.includes(ol) ? 1 : levenshtein(lower, ol);
      return { o, d };
    })
    .filter(({ d, o }) => d <= Math.max(2, Math.floor(Math.min(name.length, o.length) / 3)))
    .sort((x, y) => x.d - y.d || x.o.localeCompare(y.o));
  return scored.slice(0, max).map((s) => s.o);
}

function nonEmptyCount(t: RunTable, c: string): number {
  const col = t.data[t.columns.indexOf(c)];
  let n = 0;
  for (const v of col) if (v !== null) n++;
  return n;
}

/** Distinct non-empty values, counting stops at `cap` (cheap on a million rows). */
function distinctCount(t: RunTable, c: string, cap: number): number {
  const col = t.data[t.columns.indexOf(c)];
  const seen = new Set<string>();
  for (const v of col) {
    const s = cellText(v);
    if (s === null) continue;
    seen.add(s);
    if (seen.size >= cap) break;
  }
  return seen.size;
}

function numericCount(t: RunTable, c: string): number {
  const col = t.data[t.columns.indexOf(c)];
  let n = 0;
  // A sample is enough to tell a numeric column from a text one.
  const step = Math.max(1, Math.floor(col.length / 2000));
  for (let i = 0; i < col.length; i += step) if (Number.isFinite(toNumber(col[i]))) n++;
  return n;
}

/** A metric cell as a number; NaN when empty or not numeric. */
export function toNumber(c: unknown): number {
  if (typeof c === 'number') return c;
  if (typeof c !== 'string') return NaN;
  const s = c.trim();
  if (s === '') return NaN;
  const n = Number(s);
  // Number('0x1A') is 26 and Number('') is 0; metrics are decimal numbers only.
  if (Number.isNaN(n) || (s.length > 1 && /[xob]/i.test(s[1]))) return NaN;
  return n;
}
