/**
 * Store: where Sweeps and Runs are recorded. Engines: memory (tests), SQLite (default, one file),
 * PostgreSQL (several machines). The same contract suite runs over every engine.
 *
 * Contract:
 *  - Stores record, they never decide: samplers choose params, the store only persists them.
 *  - Every state change happens in one transaction.
 *  - Finished runs are immutable: once a run is in a terminal state, updates to it are rejected.
 *  - `claimRun` is atomic: two agents never claim the same pending run.
 */
import type { EpochLog, Params, RunRecord, RunState } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';

export interface NewSweep {
  readonly name: string;
  readonly method: Sweep['method'];
  readonly metric: Sweep['metric'];
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed?: number;
}

export interface RunFilter {
  readonly sweep?: string;
  readonly states?: readonly RunState[];
}

export interface Store {
  /** The engine and location, e.g. `sqlite:.kdlab/runs.db` (never a password). */
  readonly url: string;

  createSweep(sweep: NewSweep): Promise<Sweep>;
  getSweep(idOrName: string): Promise<Sweep | undefined>;
  listSweeps(): Promise<Sweep[]>;
  setSweepState(idOrName: string, state: Sweep['state']): Promise<void>;

  /** Adds a run (pending unless `state` is given, e.g. `finished` for imported runs). */
  addRun(sweep: string, run: { params: Params; name?: string; state?: RunState; summary?: Record<string, number | null> }): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;

  /** Atomically takes one pending run of the sweep and marks it running; undefined when none. */
  claimRun(sweep: string, worker: string): Promise<RunRecord | undefined>;
  heartbeat(runId: string): Promise<void>;
  appendHistory(runId: string, log: EpochLog): Promise<void>;
  /** Moves a run to a terminal state with its results, in one transaction. */
  finishRun(runId: string, result: { state: RunState; summary?: Record<string, number | null>; backend?: string; device?: string; wallTimeS?: number; error?: string }): Promise<RunRecord>;

  close(): Promise<void>;
}
