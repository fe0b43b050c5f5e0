/**
 * `kdlab runs import FILE --sweep NAME`: a W&B, MLflow or Optuna export, or a kdlab CSV/JSONL
 * export, into the store as finished (or failed…) runs of an `import` sweep.
 *
 *   load (the report pipeline's loader: CSV/TSV/JSON/JSONL, W&B dict columns lifted)
 *   → classify columns (pure: params, summary metrics, run fields, ignored)
 *   → rows to runs (pure: state mapping, timings, typed params)
 *   → importSweep: sweep, runs and its finished state in one transaction (a run already imported, same id, is skipped)
 *
 * Column roles: MLflow `params.*`/`metrics.*`, Optuna `params_*`/`value`/`values_N`/`user_attrs_*`,
 * `config.*`/`summary.*` prefixes are explicit. Other columns (W&B UI exports, kdlab exports, plain
 * tables) are summary metrics when every value is numeric and the name reads like a metric
 * (`val/loss`, `test_acc`, `auroc`… but not `kd_loss_weight`), else params; `--params`/`--metrics` override the guess.
 */
import { DEFAULT_METRIC, type Goal, type Metric } from '../domain/metric.js';
import type { ParamValue, RunState } from '../domain/run.js';
import { DataError, UsageError } from '../errors.js';
import { normalizeState } from '../analysis/clean.js';
import { detectTracker, detectMetric, detectRoles, goalFromName, toNumber, type TrackerFormat } from '../analysis/detect.js';
import { loadTable } from '../analysis/load.js';
import type { Cell, RunTable, SourceFormat } from '../analysis/table.js';
import { cellText } from '../analysis/table.js';
import type { NewRun, Store } from '../storage/store.js';

export interface ImportRunsOptions {
  readonly file: string;
  /** The sweep to import into: created (method `import`) if missing; an existing sweep must be an import. */
  readonly sweep: string;
  readonly format?: Exclude<SourceFormat, 'store'>;
  /** The sweep's metric (default: detected, as `kdlab report` does). */
  readonly metric?: string;
  readonly goal?: Goal;
  /** Columns to import as params / as summary metrics, overriding the guess. */
  readonly params?: readonly string[];
  readonly metrics?: readonly string[];
}

export interface ImportRunsResult {
  readonly sweep: string;
  readonly tracker: TrackerFormat;
  readonly rows: number;
  readonly added: number;
  /** Rows whose run (same source id) the sweep already holds. */
  readonly skipped: number;
  readonly byState: Readonly<Partial<Record<RunState, number>>>;
  readonly params: readonly string[];
  readonly metrics: readonly string[];
  readonly metric: Metric;
}

/** What each column of an export is for. */
export interface ColumnPlan {
  readonly id?: string;
  readonly name?: string;
  readonly state?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Seconds (a number) or a pandas timedelta (`0 days 00:01:54.8`). */
  readonly duration?: string;
  readonly error?: string;
  readonly backend?: string;
  readonly device?: string;
  /** Column → param name. */
  readonly params: ReadonlyMap<string, string>;
  /** Column → summary metric name. */
  readonly metrics: ReadonlyMap<string, string>;
}

/** Imports `opts.file` into `store` (readImport, then applyImport). */
export async function importRuns(store: Store, opts: ImportRunsOptions): Promise<ImportRunsResult> {
  return applyImport(store, await readImport(opts));
}

/** An export read and planned, not yet written: what applyImport adds to a store. */
export interface PreparedImport {
  readonly opts: ImportRunsOptions;
  readonly table: Awaited<ReturnType<typeof loadTable>>;
  readonly tracker: TrackerFormat;
  readonly plan: ColumnPlan;
  readonly runs: readonly NewRun[];
  readonly metric: Metric;
}

/** Reads and plans the import without a store, so a bad file never creates an empty store. */
export async function readImport(opts: ImportRunsOptions): Promise<PreparedImport> {
  if (opts.sweep.trim() === '') throw new UsageError('--sweep: give the name of the sweep to import into');
  const table = await loadTable(opts.file, { format: opts.format });
  const tracker = detectTracker(table);
  const plan = planColumns(table, { params: opts.params, metrics: opts.metrics });
  const runs = tableToRuns(table, plan, opts.file, table.source.sha256.slice(0, 12));
  const metric = chooseMetric(table, plan, opts);
  return { opts, table, tracker, plan, runs, metric };
}

/**
 * Adds a prepared import to the store in one transaction — the sweep (method `import`, finished:
 * nothing will search it further) if missing, then its new runs — so an interrupted import never
 * leaves a running sweep without its runs.
 */
export async function applyImport(store: Store, prepared: PreparedImport): Promise<ImportRunsResult> {
  const { opts, table, tracker, plan, runs, metric } = prepared;
  const existing = await store.getSweep(opts.sweep);
  if (existing && existing.method !== 'import') {
    throw new UsageError(`--sweep: ${JSON.stringify(opts.sweep)} is a ${existing.method} sweep run by kdlab; import into a new sweep name`);
  }
  const { added } = await store.importSweep(
    {
      name: opts.sweep,
      method: 'import',
      metric,
      config: { source: opts.file, format: table.source.format, tracker, sha256: table.source.sha256 },
    },
    runs,
  );
  const byState: Partial<Record<RunState, number>> = {};
  for (const r of added) byState[r.state] = (byState[r.state] ?? 0) + 1;
  return {
    sweep: opts.sweep,
    tracker,
    rows: table.rowCount,
    added: added.length,
    skipped: runs.length - added.length,
    byState,
    params: [...new Set(plan.params.values())],
    metrics: [...new Set(plan.metrics.values())],
    metric: existing?.metric ?? metric,
  };
}

const ID_COLUMNS = ['ID', 'id', 'run_id', 'Run ID', 'runId', 'trial_id', 'number'];
const NAME_COLUMNS = ['Name', 'name', 'tags.mlflow.runName', 'run_name', 'Run Name'];
const START_COLUMNS = ['started_at', 'start_time', 'datetime_start', 'Created', 'created_at'];
const END_COLUMNS = ['finished_at', 'end_time', 'datetime_complete'];
const DURATION_COLUMNS = ['wall_time_s', 'Runtime', '_runtime', 'duration'];
/** Bookkeeping columns of the trackers (and kdlab's own export) that are neither params nor metrics. */
const IGNORED = new Set([
  'sweep',
  'Sweep',
  'sweep_method',
  'Notes',
  'User',
  'Tags',
  'Group',
  'Job Type',
  'experiment_id',
  'artifact_uri',
  'lifecycle_stage',
  'worker',
  'attempt',
  'created_at',
  'State',
  'state',
  'status',
  'Status',
  'summary',
  'config',
]);
const IGNORED_PREFIX = /^(_|tags\.|system_attrs_|Unnamed: \d+$)/;
const METRIC_NAME =
  /\/|acc|loss|auroc|auc|f1|precision|recall|psnr|ssim|mse|mae|rmse|error|score|perplexity|ppl|bleu|rouge|reward|duration|runtime|energy|kwh|^metric_value$|^value$|^values_\d+$|^objective$/i;
/** Names that read like settings even when they contain a metric word (`kd_loss_weight`, `loss_type`). */
const SETTING_NAME = /weight|coef|scale|alpha|beta|lambda|temp|factor|clip|type|name|interval|freq|threshold|fraction|^loss$|_fn$/i;

/** Pure: the role of every column of an export. */
export function planColumns(table: RunTable, overrides: { params?: readonly string[]; metrics?: readonly string[] } = {}): ColumnPlan {
  const has = (c: string) => table.columns.includes(c);
  for (const c of [...(overrides.params ?? []), ...(overrides.metrics ?? [])]) {
    if (!has(c))
      throw new UsageError(
        `no column ${JSON.stringify(c)} in the file; columns: ${table.columns.slice(0, 20).join(', ')}${table.columns.length > 20 ? ', …' : ''}`,
      );
  }
  const roles = detectRoles(table);
  const first = (names: readonly string[]) => names.find((n) => has(n) && nonEmpty(table, n));
  const id = roles.format === 'optuna' ? first(['number', 'trial_id']) : first(ID_COLUMNS.filter((c) => c !== 'number'));
  const fields = {
    id,
    name: first(NAME_COLUMNS),
    state: roles.state,
    startedAt: first(START_COLUMNS),
    finishedAt: first(END_COLUMNS),
    duration: first(DURATION_COLUMNS),
    error: first(['error']),
    backend: first(['backend']),
    device: first(['device']),
  };
  const used = new Set(Object.values(fields).filter((c): c is string => c !== undefined));
  const forcedParams = new Set(overrides.params ?? []);
  const forcedMetrics = new Set(overrides.metrics ?? []);
  const params = new Map<string, string>();
  const metrics = new Map<string, string>();
  const takenParam = new Set<string>();
  const takenMetric = new Set<string>();
  const put = (map: Map<string, string>, taken: Set<string>, col: string, name: string) => {
    // Two columns stripped to the same name (params.lr and config.lr) keep the full name for the second.
    const key = taken.has(name) ? col : name;
    taken.add(key);
    map.set(col, key);
  };
  for (const col of table.columns) {
    if (forcedParams.has(col)) put(params, takenParam, col, col);
    else if (forcedMetrics.has(col)) put(metrics, takenMetric, col, col);
    else if (used.has(col) || IGNORED.has(col) || IGNORED_PREFIX.test(col)) continue;
    else if (/^(params\.|params_|config\.)/.test(col)) put(params, takenParam, col, col.replace(/^(params\.|params_|config\.)/, ''));
    else if (/^(metrics\.|summary\.|summary_metrics\.|user_attrs_)/.test(col)) {
      if (allNumeric(table, col)) put(metrics, takenMetric, col, col.replace(/^(metrics\.|summary\.|summary_metrics\.|user_attrs_)/, ''));
      else if (!col.startsWith('user_attrs_')) put(metrics, takenMetric, col, col.replace(/^(metrics\.|summary\.|summary_metrics\.)/, ''));
    } else if (METRIC_NAME.test(col) && !SETTING_NAME.test(col) && allNumeric(table, col) && nonEmpty(table, col))
      put(metrics, takenMetric, col, col);
    else if (nonEmpty(table, col)) put(params, takenParam, col, col);
  }
  return { ...fields, params, metrics };
}

/** Ids that only number the rows of one study (Optuna trials): unique within their file only. */
const LOCAL_IDS = new Set(['number', 'trial_id']);

/**
 * Pure: each row → a NewRun. Its key makes a second import of the same run add nothing: a tracker's
 * run id (W&B, MLflow, kdlab) as is; a trial number or, without ids, the row number, qualified by
 * `fileScope` (a hash of the file), so two Optuna studies imported into one sweep do not collide.
 */
export function tableToRuns(table: RunTable, plan: ColumnPlan, file: string, fileScope = 'file'): NewRun[] {
  const col = (name: string | undefined) => (name === undefined ? undefined : table.data[table.columns.indexOf(name)]);
  const idCol = col(plan.id);
  const nameCol = col(plan.name);
  const stateCol = col(plan.state);
  const startCol = col(plan.startedAt);
  const endCol = col(plan.finishedAt);
  const durCol = col(plan.duration);
  const errCol = col(plan.error);
  const backendCol = col(plan.backend);
  const deviceCol = col(plan.device);
  const paramCols = [...plan.params].map(([c, k]) => [col(c)!, k] as const);
  const metricCols = [...plan.metrics].map(([c, k]) => [col(c)!, k] as const);
  const runs: NewRun[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const where = `row ${r + 1}`;
    const rawState = stateCol ? cellText(stateCol[r]) : null;
    let state: RunState = 'finished';
    let error = errCol ? (cellText(errCol[r]) ?? undefined) : undefined;
    if (rawState !== null) {
      const s = normalizeState(rawState);
      if (s === undefined) {
        throw new DataError(
          `${where}: unknown run state ${JSON.stringify(rawState)} in column ${JSON.stringify(plan.state)}; expected a W&B, MLflow, Optuna or kdlab state such as finished, FAILED, COMPLETE, PRUNED`,
          { file },
        );
      }
      // An export cannot resume a run that was still going: it is recorded as failed, saying why.
      if (s === 'running' || s === 'pending') {
        state = 'failed';
        error ??= `was ${rawState} when exported`;
      } else state = s;
    }
    const params: Record<string, ParamValue> = {};
    for (const [cells, k] of paramCols) params[k] = paramValue(cells[r]);
    const summary: Record<string, number | null> = {};
    for (const [cells, k] of metricCols) {
      const v = toNumber(cells[r]);
      if (cells[r] !== null) summary[k] = Number.isFinite(v) ? v : null;
    }
    const id = idCol ? cellText(idCol[r]) : null;
    const startedAt = startCol ? parseTime(startCol[r]) : undefined;
    const finishedAt = endCol ? parseTime(endCol[r]) : undefined;
    let wallTimeS = durCol ? parseDuration(durCol[r]) : undefined;
    if (wallTimeS === undefined && startedAt && finishedAt)
      wallTimeS = Math.max(0, (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000);
    runs.push(
      dropUndefined({
        params,
        summary,
        state,
        name: (nameCol ? cellText(nameCol[r]) : null) ?? id ?? undefined,
        key: id !== null && !LOCAL_IDS.has(plan.id!) ? `import:${id}` : `import:${fileScope}:${id ?? `row${r + 1}`}`,
        startedAt,
        finishedAt,
        wallTimeS,
        error,
        backend: backendCol ? (cellText(backendCol[r]) ?? undefined) : undefined,
        device: deviceCol ? (cellText(deviceCol[r]) ?? undefined) : undefined,
      }),
    );
  }
  return runs;
}

function chooseMetric(table: RunTable, plan: ColumnPlan, opts: ImportRunsOptions): Metric {
  const names = [...plan.metrics.values()];
  let name = opts.metric;
  if (name !== undefined && !names.includes(name)) {
    const byColumn = plan.metrics.get(name);
    if (byColumn === undefined)
      throw new UsageError(
        `--metric: ${JSON.stringify(name)} is not a metric of this file; metrics: ${names.slice(0, 20).join(', ') || '(none)'}`,
      );
    name = byColumn;
  }
  if (name === undefined) {
    try {
      name = plan.metrics.get(detectMetric(table));
    } catch {
      name = undefined;
    }
  }
  // Held-out metrics judge a run better than training ones.
  name ??=
    names.find((n) => /(^|[^a-z])(val|valid|eval)/i.test(n)) ?? names.find((n) => /test/i.test(n)) ?? names[0] ?? DEFAULT_METRIC.name;
  return { name, goal: opts.goal ?? goalFromName(name) };
}

/** CSV text → the typed value a param had: numbers, booleans, else the text. */
export function paramValue(c: Cell): ParamValue {
  if (c === null || typeof c !== 'string') return c;
  const s = c.trim();
  if (/^(true|false)$/i.test(s)) return s.toLowerCase() === 'true';
  const n = toNumber(s);
  return Number.isFinite(n) ? n : c;
}

/** A timestamp as ISO 8601 (UTC when the text has no zone, as pandas writes naive datetimes); epoch ms accepted. */
export function parseTime(c: Cell): string | undefined {
  if (c === null || typeof c === 'boolean') return undefined;
  if (typeof c === 'number' || /^\d{11,}$/.test(c.trim())) {
    const ms = Number(c);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  }
  let s = c.trim().replace(' ', 'T');
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(s)) s += 'Z';
  s = s.replace(/(\.\d{3})\d+/, '$1');
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** Seconds from a number or a pandas timedelta (`1 days 02:03:04.5`). */
export function parseDuration(c: Cell): number | undefined {
  if (c === null || typeof c === 'boolean') return undefined;
  const n = toNumber(c);
  if (Number.isFinite(n)) return n;
  const m = /^(-?\d+) days? (\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(String(c).trim());
  if (!m) return undefined;
  return Number(m[1]) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

function nonEmpty(t: RunTable, c: string): boolean {
  return t.data[t.columns.indexOf(c)].some((v) => v !== null);
}

function allNumeric(t: RunTable, c: string): boolean {
  return t.data[t.columns.indexOf(c)].every(
    (v) => v === null || Number.isFinite(toNumber(v)) || /^(nan|inf|-inf|infinity|-infinity)$/i.test(String(v)),
  );
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Pure: the lines `kdlab runs import` prints. */
export function formatImportResult(r: ImportRunsResult): string {
  const states = Object.entries(r.byState)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const lines = [
    `imported ${r.added} of ${r.rows} run${r.rows === 1 ? '' : 's'} into sweep ${JSON.stringify(r.sweep)} (${r.tracker})${states ? `: ${states}` : ''}`,
  ];
  if (r.skipped > 0) lines.push(`skipped ${r.skipped} run${r.skipped === 1 ? '' : 's'} the sweep already holds (same id)`);
  lines.push(`params: ${r.params.join(', ') || '(none)'}`);
  lines.push(`metrics: ${r.metrics.join(', ') || '(none)'}; sweep metric ${r.metric.name} (${r.metric.goal})`);
  return lines.join('\n') + '\n';
}
