/**
 * runExperiment: the main job, end to end, over an open Store.
 *
 *   1. teacher   prepare the trainer once, up front (sweep/agent.ts prepareTrainer), so agents never
 *                race to train the teacher
 *   2. sweeps    find or create each sweep (sweep/run-sweep.ts findOrCreateSweep: the same name and
 *                configuration resumes; finished runs are never re-run, killed ones are re-queued)
 *   3. agents    N agents per sweep claim and train runs, each run in its own process; one overall
 *                progress across every sweep of the experiment, with an ETA
 *   4. report    the comparison report over the experiment's sweeps, with its `report:` options
 *
 * The commands (`kdlab experiment`, `kdlab demo`) read the config and open and close the store.
 */
import type { Progress } from '../commands/context.js';
import type { RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Store } from '../storage/store.js';
import { prepareTrainer, runAgent } from '../sweep/agent.js';
import { findOrCreateSweep, runLine } from '../sweep/run-sweep.js';
import { readSweepStatus } from '../sweep/status.js';
import type { ExperimentConfig } from './config.js';
import { assertReportableStore, writeExperimentReport, type ExperimentReport, type ReportOutputOptions } from './report.js';

/** How sweeps are run: shared by `kdlab experiment`, `kdlab demo` and `kdlab rerun`. */
export interface AgentRunOptions extends ReportOutputOptions {
  /** The URL the report reads the store back from (default `store.url`; Store.url hides a password). */
  readonly storeUrl?: string;
  /** Agents per sweep (at least 1). */
  readonly agents: number;
  readonly logger?: Logger;
  /** Aborting stops the agents: running runs end as killed and are re-queued on the next resume. */
  readonly signal?: AbortSignal;
  /** Overrides every sweep's trainer (`fake` in tests). */
  readonly trainer?: string;
  /** 'process' (default): each run in its own process; 'inline': in this one (tests, no parallelism). */
  readonly isolation?: 'process' | 'inline';
  /** One step per settled run, across every sweep. */
  readonly progress?: Progress;
  /** Millisecond clock of the teacher's timing (tests inject one). */
  readonly clock?: () => number;
}

export type RunExperimentOptions = AgentRunOptions;

export interface ExperimentOutcome {
  readonly sweeps: readonly Sweep[];
  /** Undefined when interrupted before the report. */
  readonly report?: ExperimentReport;
  readonly interrupted: boolean;
}

export async function runExperiment(store: Store, config: ExperimentConfig, options: RunExperimentOptions): Promise<ExperimentOutcome> {
  const logger = options.logger ?? silentLogger;
  const { agents } = options;
  const trainerName = options.trainer ?? config.sweeps[0].trainer;
  // Before anything is trained: the report at the end must read the store back.
  assertReportableStore(options.storeUrl ?? store.url);
  logger.info(
    `experiment ${config.name}: ${config.sweeps.length} sweeps (${config.sweeps.map((s) => s.name).join(', ')}), ${agents} agent${agents === 1 ? '' : 's'}, store ${store.url}`,
  );

  // 1. teacher
  await prepareTrainer(trainerName, config.trainerSettings, logger, { isolation: options.isolation, now: options.clock });

  // 2. sweeps
  const sweeps: Sweep[] = [];
  for (const cfg of config.sweeps) sweeps.push(await findOrCreateSweep(store, cfg, logger));

  // 3. agents
  try {
    const onRunEnd = await overallProgress(store, sweeps, options.progress);
    for (const sweep of sweeps) {
      if (options.signal?.aborted) break;
      await runAgents(store, sweep, { ...options, logger, onRunEnd });
    }
  } finally {
    // Also on an error: a bar left running would keep the process alive.
    options.progress?.stop();
  }
  if (options.signal?.aborted) {
    logger.info(`interrupted: run the same command again to resume (${store.url} keeps every finished run)`);
    return { sweeps, interrupted: true };
  }

  // 4. report (a sweep created under a suffixed name keeps its role, e.g. the baseline)
  const renamed = new Map(config.sweeps.map((c, i) => [c.name, sweeps[i].name]));
  const baseline = config.report.baseline !== undefined ? renamed.get(config.report.baseline) : undefined;
  const storeSweeps = (await store.listSweeps()).map((s) => s.name);
  const report = await writeExperimentReport(
    options.storeUrl ?? store.url,
    sweeps.map((s) => s.name),
    { ...config.report, ...(baseline !== undefined ? { baseline } : {}) },
    { ...options, logger, storeSweeps, ...(config.description !== undefined ? { description: config.description } : {}) },
  );
  return { sweeps, report, interrupted: false };
}

/**
 * One progress over several sweeps: the total is the sum of theirs (unknown if any is open-ended),
 * and each settled run is one step, its line naming the sweep. Returns the agents' `onRunEnd`.
 */
export async function overallProgress(
  store: Store,
  sweeps: readonly Sweep[],
  progress: Progress | undefined,
): Promise<(sweep: Sweep, run: RunRecord) => Promise<void>> {
  const status = async () => (await Promise.all(sweeps.map((s) => readSweepStatus(store, s.id)))).map(([p]) => p);
  const before = await status();
  const total = before.some((p) => p.total === undefined) ? undefined : before.reduce((n, p) => n + p.total!, 0);
  progress?.start(total, 'runs');
  progress?.update(before.reduce((n, p) => n + p.done, 0));
  return async (sweep, run) => {
    const now = await status();
    const done = now.reduce((n, p) => n + p.done, 0);
    progress?.update(done, runLine(now[sweeps.indexOf(sweep)], run));
  };
}

export async function runAgents(
  store: Store,
  sweep: Sweep,
  o: {
    agents: number;
    trainer?: string;
    isolation?: 'process' | 'inline';
    signal?: AbortSignal;
    logger: Logger;
    onRunEnd?: (sweep: Sweep, run: RunRecord) => Promise<void>;
  },
): Promise<void> {
  // Per-run lines come from the progress; the agent's own info lines would repeat them.
  const agentLogger: Logger = { info: (m) => o.logger.debug(m), warn: (m) => o.logger.warn(m), debug: (m) => o.logger.debug(m) };
  // Progress updates run one at a time, in the order runs end.
  let chain = Promise.resolve();
  const agents = Array.from({ length: o.agents }, () =>
    runAgent({
      store,
      sweep: sweep.id,
      trainer: o.trainer,
      isolation: o.isolation,
      signal: o.signal,
      logger: agentLogger,
      onRunEnd: (run) => {
        if (o.onRunEnd) chain = chain.then(() => o.onRunEnd!(sweep, run));
      },
    }),
  );
  await Promise.all(agents);
  await chain;
}

/** The experiment `kdlab demo` runs. */
export const DEMO_CONFIG = new URL('../../fixtures/experiments/demo.yaml', import.meta.url).pathname;
/** Where the demo keeps its runs: apart from .kdlab/runs.db, so it never mixes with a user's sweeps. */
export const DEMO_STORE = '.kdlab/demo.db';
