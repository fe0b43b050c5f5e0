/** `kdlab runs ls`: every sweep of a store with its run counts and best metric value so far. */
import type { RunState } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import type { Store } from '../storage/store.js';
import { maxOf, minOf } from '../util/array.js';

export interface SweepSummary {
  readonly sweep: Sweep;
  readonly counts: Readonly<Record<RunState, number>>;
  readonly total: number;
  /** Best finished value of the sweep's metric; undefined when no finished run has it. */
  readonly best?: number;
}

export async function listSweeps(store: Store): Promise<SweepSummary[]> {
  const out: SweepSummary[] = [];
  for (const sweep of await store.listSweeps()) {
    const counts = await store.countRuns({ sweep: sweep.id });
    const values = (await store.listRuns({ sweep: sweep.id, states: ['finished'] }))
      .map((r) => r.summary[sweep.metric.name])
      .filter((v): v is number => typeof v === 'number');
    const best = values.length === 0 ? undefined : sweep.metric.goal === 'maximize' ? maxOf(values) : minOf(values);
    out.push({ sweep, counts, total: Object.values(counts).reduce((a, b) => a + b, 0), best });
  }
  return out;
}
