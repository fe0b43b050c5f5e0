/**
 * `kdlab runs export`: a store's runs as one flat table (CSV or JSON Lines) that pandas, W&B-style
 * notebooks and `kdlab report` read back. read (store) → assemble (pure: runsToTable) → write.
 *
 * Columns: id, name, sweep, state, then every param under its own name, then every summary metric,
 * then backend, device, worker, attempt, created_at, started_at, finished_at, wall_time_s, error.
 * A param or metric whose name is already taken is written as `params.NAME` / `summary.NAME`.
 */
import type { RunRecord } from '../domain/run.js';
import { UsageError } from '../errors.js';
import type { Store } from '../storage/store.js';
import { writeFileAtomic } from '../util/fs.js';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportCell = string | number | boolean | null;

export interface ExportTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ExportCell[])[];
}

export interface ExportRunsOptions {
  /** Only this sweep's runs (id or name). */
  readonly sweep?: string;
  readonly format: ExportFormat;
  /** File to write atomically; `-` or undefined returns the text for stdout. */
  readonly out?: string;
}

export interface ExportRunsResult {
  readonly runs: number;
  readonly columns: readonly string[];
  /** The exported text when `out` is `-` or undefined. */
  readonly text?: string;
  readonly path?: string;
}

const HEAD = ['id', 'name', 'sweep', 'state'] as const;
const TAIL = ['backend', 'device', 'worker', 'attempt', 'created_at', 'started_at', 'finished_at', 'wall_time_s', 'error'] as const;

export async function exportRuns(store: Store, opts: ExportRunsOptions): Promise<ExportRunsResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`--format: unknown format ${JSON.stringify(opts.format)}; use ${EXPORT_FORMATS.join(' or ')}`);
  }
  if (opts.sweep !== undefined && !(await store.getSweep(opts.sweep))) {
    const names = (await store.listSweeps()).map((s) => s.name);
    throw new UsageError(
      `--sweep: no sweep ${JSON.stringify(opts.sweep)} in ${store.url}${names.length ? `; sweeps: ${names.slice(0, 20).join(', ')}` : ' (it has no sweeps)'}`,
    );
  }
  const runs: RunRecord[] = await store.listRuns(opts.sweep === undefined ? {} : { sweep: opts.sweep });
  const table = runsToTable(runs);
  const text = opts.format === 'csv' ? formatCsv(table) : formatJsonl(table);
  if (opts.out === undefined || opts.out === '-') return { runs: runs.length, columns: table.columns, text };
  await writeFileAtomic(opts.out, text);
  return { runs: runs.length, columns: table.columns, path: opts.out };
}

/** Pure: runs → one flat table, columns in first-seen order. */
export function runsToTable(runs: readonly RunRecord[]): ExportTable {
  const taken = new Set<string>([...HEAD, ...TAIL]);
  const paramCols = new Map<string, string>();
  const metricCols = new Map<string, string>();
  for (const r of runs) {
    for (const k of Object.keys(r.params)) if (!paramCols.has(k)) paramCols.set(k, claim(taken, k, 'params'));
  }
  for (const r of runs) {
    for (const k of Object.keys(r.summary)) if (!metricCols.has(k)) metricCols.set(k, claim(taken, k, 'summary'));
  }
  const columns = [...HEAD, ...paramCols.values(), ...metricCols.values(), ...TAIL];
  const index = new Map(columns.map((c, i) => [c, i]));
  const rows = runs.map((r) => {
    const row = new Array<ExportCell>(columns.length).fill(null);
    const set = (col: string, v: ExportCell | undefined) => {
      row[index.get(col)!] = v ?? null;
    };
    set('id', r.id);
    set('name', r.name);
    set('sweep', r.sweep);
    set('state', r.state);
    for (const [k, v] of Object.entries(r.params)) set(paramCols.get(k)!, v);
    for (const [k, v] of Object.entries(r.summary)) set(metricCols.get(k)!, v);
    set('backend', r.backend);
    set('device', r.device);
    set('worker', r.worker);
    set('attempt', r.attempt);
    set('created_at', r.createdAt);
    set('started_at', r.startedAt);
    set('finished_at', r.finishedAt);
    set('wall_time_s', r.wallTimeS);
    set('error', r.error);
    return row;
  });
  return { columns, rows };
}

function claim(taken: Set<string>, name: string, prefix: string): string {
  let col = taken.has(name) ? `${prefix}.${name}` : name;
  for (let k = 2; taken.has(col); k++) col = `${prefix}.${name}.${k}`;
  taken.add(col);
  return col;
}

/** RFC 4180 CSV: quotes only where needed, `\n` line ends, empty cell for null. */
export function formatCsv(table: ExportTable): string {
  const line = (cells: readonly ExportCell[]) => cells.map(csvCell).join(',');
  return [line(table.columns), ...table.rows.map(line)].join('\n') + '\n';
}

function csvCell(v: ExportCell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One JSON object per run with every column (null where a run has no value), numbers typed. */
export function formatJsonl(table: ExportTable): string {
  return (
    table.rows.map((row) => JSON.stringify(Object.fromEntries(table.columns.map((c, i) => [c, row[i]])))).join('\n') +
    (table.rows.length ? '\n' : '')
  );
}
