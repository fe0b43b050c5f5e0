/**
 * Run store → rows (pure): one row per RunRecord with id, name, sweep, state, the sweep's method,
 * each param as a column and each summary metric (`eval/accuracy`) as a column.
 */
import type { RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { DEFAULT_METRIC } from '../domain/metric.js';
import type { Cell, RunTable } from './table.js';
import { tableFromRows } from './table.js';

export type SweepInfo = Pick<Sweep, 'name' | 'method' | 'metric'> & Partial<Pick<Sweep, 'id' | 'config'>>;

export function rowsFromRuns(runs: readonly RunRecord[], sweeps: readonly SweepInfo[]): Record<string, Cell>[] {
  const byName = new Map<string, SweepInfo>();
  for (const s of sweeps) {
    byName.set(s.name, s);
    if (s.id) byName.set(s.id, s);
  }
  return runs.map((run) => {
    const sweep = byName.get(run.sweep);
    const row: Record<string, Cell> = {
      id: run.id,
      name: run.name ?? null,
      sweep: sweep?.name ?? run.sweep,
      state: run.state,
      sweep_method: sweep?.method ?? null,
    };
    for (const [k, v] of Object.entries(run.params)) if (!(k in row)) row[k] = v;
    for (const [k, v] of Object.entries(run.summary)) if (!(k in row)) row[k] = v;
    if (run.wallTimeS !== undefined && !('wall_time_s' in row)) row.wall_time_s = run.wallTimeS;
    return row;
  });
}

/** The table of a store's runs, with each sweep's method kept for the independence warning. */
export function tableFromRuns(runs: readonly RunRecord[], sweeps: readonly SweepInfo[]): RunTable {
  const table = tableFromRows(rowsFromRuns(runs, sweeps));
  const sweepMethods: Record<string, string> = {};
  for (const s of sweeps) sweepMethods[s.name] = s.method;
  const metric = storeDefaultMetric(sweeps);
  const program = programOf(sweeps);
  // The columns that came from params (not summary metrics): a best run's hyperparameters.
  const keys = new Set<string>();
  for (const r of runs) for (const k in r.params) keys.add(k);
  const params = [...keys].filter((k) => table.columns.includes(k));
  return { ...table, sweepMethods, hints: { group: 'sweep', metric: metric ?? DEFAULT_METRIC, params }, ...(program ? { program } : {}) };
}

/** The metric a store's sweeps optimise, when they agree (the default `--metric` for a store). */
export function storeDefaultMetric(sweeps: readonly SweepInfo[]): SweepInfo['metric'] | undefined {
  const names = new Set(sweeps.map((s) => s.metric.name));
  return names.size === 1 ? sweeps[0].metric : undefined;
}

/**
 * The program the store's sweeps ran (W&B `program`/`command` keys of their stored configs), when
 * they ran one; several programs read "a.py, b.py".
 */
export function programOf(sweeps: readonly SweepInfo[]): { program?: string; command?: string } | undefined {
  const programs = new Set<string>();
  const commands = new Set<string>();
  for (const s of sweeps) {
    const config = s.config ?? {};
    if (typeof config.program === 'string') programs.add(config.program);
    if (Array.isArray(config.command)) commands.add(config.command.map(String).join(' '));
  }
  if (programs.size === 0 && commands.size === 0) return undefined;
  return {
    ...(programs.size ? { program: [...programs].join(', ') } : {}),
    ...(commands.size ? { command: [...commands].join('; ') } : {}),
  };
}
