/** `kdlab runs ls`: every sweep of a store with its run counts and best metric value so far. */
import { RUN_STATES, type RunState } from '../domain/run.js';
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

/** Pure: an aligned text table of sweep summaries (only states some sweep has get a column). */
export function formatSweepTable(rows: readonly SweepSummary[]): string {
  if (rows.length === 0) return 'no sweeps in this store\n';
  const states = RUN_STATES.filter((s) => rows.some((r) => r.counts[s] > 0));
  const header = ['sweep', 'method', 'state', 'runs', ...states, 'metric', 'best'];
  const body = rows.map((r) => [
    r.sweep.name,
    r.sweep.method,
    r.sweep.state,
    String(r.total),
    ...states.map((s) => String(r.counts[s])),
    `${r.sweep.metric.name} (${r.sweep.metric.goal === 'maximize' ? 'max' : 'min'})`,
    r.best === undefined ? '–' : formatValue(r.best),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const numeric = new Set(header.map((h, i) => (h === 'runs' || (states as readonly string[]).includes(h) || h === 'best' ? i : -1)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, '');
}
