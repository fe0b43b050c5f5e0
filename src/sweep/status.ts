/**
 * Where a sweep stands: counts per outcome, progress against its total, the best run so far.
 * Pure over a list of runs (sweepProgress) plus one reader (readSweepStatus).
 */
import type { RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { TERMINAL_STATES } from '../domain/run.js';
import type { Store } from '../storage/store.js';
import { validateSweepConfig, type SweepConfig } from './config.js';
import { gridSize } from './samplers/grid.js';

export interface SweepProgress {
  readonly sweep: string;
  readonly method: string;
  readonly state: string;
  /** Configurations settled: their latest attempt ended and no retry is queued. */
  readonly done: number;
  /** Configurations the sweep will run (grid size or run_cap); undefined when open-ended. */
  readonly total?: number;
  readonly pending: number;
  readonly running: number;
  readonly finished: number;
  readonly failed: number;
  readonly crashed: number;
  readonly pruned: number;
  readonly killed: number;
  readonly metric: string;
  readonly best?: { readonly run: RunRecord; readonly value: number };
}

export function sweepTotal(config: SweepConfig): number | undefined {
  if (config.method === 'grid') {
    const n = gridSize(config.space);
    return config.runCap !== undefined ? Math.min(n, config.runCap) : n;
  }
  return config.runCap;
}

export function sweepProgress(sweep: Sweep, runs: readonly RunRecord[]): SweepProgress {
  const config = sweep.method === 'import' ? undefined : safeConfig(sweep);
  const metric = sweep.metric;
  const latest = new Map<string, RunRecord>();
  for (const r of runs) {
    const key = r.key ?? r.id;
    const prev = latest.get(key);
    if (!prev || (r.attempt ?? 1) > (prev.attempt ?? 1)) latest.set(key, r);
  }
  const count = (s: string) => runs.filter((r) => r.state === s).length;
  const done = [...latest.values()].filter((r) => TERMINAL_STATES.has(r.state) && r.state !== 'killed').length;
  let best: SweepProgress['best'];
  for (const r of runs) {
    const v = r.summary[metric.name];
    if (r.state !== 'finished' || typeof v !== 'number') continue;
    if (!best || (metric.goal === 'maximize' ? v > best.value : v < best.value)) best = { run: r, value: v };
  }
  return {
    sweep: sweep.name,
    method: sweep.method,
    state: sweep.state,
    done,
    total: config ? sweepTotal(config) : undefined,
    pending: count('pending'),
    running: count('running'),
    finished: count('finished'),
    failed: count('failed'),
    crashed: count('crashed'),
    pruned: count('pruned'),
    killed: count('killed'),
    metric: metric.name,
    ...(best ? { best } : {}),
  };
}

function safeConfig(sweep: Sweep): SweepConfig | undefined {
  try {
    return validateSweepConfig(sweep.config, { defaultName: sweep.name });
  } catch {
    return undefined;
  }
}

export async function readSweepStatus(store: Store, sweep?: string): Promise<SweepProgress[]> {
  const sweeps = sweep ? [await store.getSweep(sweep)].filter((s): s is Sweep => s !== undefined) : await store.listSweeps();
  const out: SweepProgress[] = [];
  for (const s of sweeps) out.push(sweepProgress(s, await store.listRuns({ sweep: s.id })));
  return out;
}
