/**
 * `kdlab runs logs RUN`: what a run's program printed besides its metrics (kept capped: the first
 * and last KB), then, for a run that did not finish, why it ended.
 */
import { withStore } from './with-store.js';
import type { RunRecord } from '../domain/run.js';
import { quote, UsageError } from '../errors.js';
import type { Store } from '../storage/store.js';
import type { CommandFn } from './context.js';

export interface RunsLogsOptions {
  /** Run id, or run name (the latest attempt; `--sweep` settles a name used in several sweeps). */
  readonly run: string;
  readonly sweep?: string;
  readonly store?: string;
}

export const runsLogs: CommandFn<RunsLogsOptions> = async (options, context) => {
  return withStore(context, options.store, { mode: 'read' }, async (store) => {
    const run = await findRun(store, options.run, options.sweep);
    const log = await store.getRunLog(run.id);
    if (log) context.stdout(log.endsWith('\n') ? log : `${log}\n`);
    else context.stderr(`run ${run.name ?? run.id} has no log (only runs of a sweep program keep one)\n`);
    if (run.state !== 'finished' && run.error) context.stderr(`run ${run.name ?? run.id} ${run.state}: ${run.error}\n`);
    return 0;
  });
};

async function findRun(store: Store, ref: string, sweep: string | undefined): Promise<RunRecord> {
  const byId = await store.getRun(ref);
  if (byId && (sweep === undefined || byId.sweep === sweep)) return byId;
  const runs = (await store.listRuns(sweep !== undefined ? { sweep } : {})).filter((r) => r.name === ref);
  if (runs.length === 0)
    throw new UsageError(`no run ${quote(ref)}${sweep ? ` in sweep ${sweep}` : ''} in ${store.url}; \`kdlab runs export\` lists run ids`);
  const sweeps = new Set(runs.map((r) => r.sweep));
  if (sweeps.size > 1)
    throw new UsageError(`run name ${quote(ref)} is in several sweeps (${[...sweeps].join(', ')}); add --sweep NAME or give the run id`);
  return runs.reduce((a, b) => ((b.attempt ?? 1) >= (a.attempt ?? 1) ? b : a));
}
