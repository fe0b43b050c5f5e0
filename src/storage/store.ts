/**
 * Store: where Sweeps and Runs are recorded. Engines: memory (tests), SQLite (default, one file),
 * PostgreSQL (several machines). The same contract suite (test/storage/contract.test.ts) runs over
 * every engine; `openStore()` picks one from a URL.
 *
 * Contract:
 *  - Stores record, they never decide: samplers choose params, the store only persists them.
 *  - Every state change happens in one transaction.
 *  - Finished runs are immutable: once a run is in a terminal state (see TERMINAL_STATES), any
 *    update to it (heartbeat, history, finish) is rejected with RunClosedError.
 *  - `claimRun` is atomic: two agents (processes, machines) never claim the same pending run.
 *  - A run's `key` is unique per sweep and attempt: adding a run whose (key, attempt) already exists
 *    in the sweep adds nothing, so several agents may enqueue the same grid points safely.
 *  - Sweep and run arguments accept an id or a name; sweep names are unique in a store.
 *  - Lists are in insertion order; `listRuns` leaves out per-epoch history unless asked for it;
 *    a run's log is read only by `getRunLog`.
 *  - Summary values are finite numbers or null (NaN and ±Infinity are stored as null).
 *  - A store opened with mode 'read' never writes, and opening one is no way to create a store.
 */
import { StorageError } from '../errors.js';
import type { EpochLog, Params, RunRecord, RunState } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';

export interface NewSweep {
  readonly name: string;
  readonly method: Sweep['method'];
  readonly metric: Sweep['metric'];
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed?: number;
}

/** A run to add: pending unless `state` is given (`running` with `worker` for a sampled run, `finished` for imports). */
export interface NewRun {
  readonly params: Params;
  readonly name?: string;
  readonly state?: RunState;
  /** Deduplication key within the sweep, e.g. a grid point's index; a retry keeps its key. */
  readonly key?: string;
  /** 1 for a first try; a retry of a crashed run has the crashed run's attempt + 1. Default 1. */
  readonly attempt?: number;
  readonly worker?: string;
  readonly summary?: Readonly<Record<string, number | null>>;
  readonly history?: readonly EpochLog[];
  readonly backend?: string;
  readonly device?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly wallTimeS?: number;
  readonly error?: string;
}

export interface AddRunsOptions {
  /**
   * Run cap (W&B `run_cap`): add only as many runs as keep the sweep's first attempts (attempt 1)
   * at or under `cap`; the count and the inserts share one transaction, so concurrent agents
   * never overshoot it. Retries do not count.
   */
  readonly cap?: number;
}

export interface RunFilter {
  readonly sweep?: string;
  readonly states?: readonly RunState[];
  /** Include each run's per-epoch history (default false: lists stay cheap). */
  readonly withHistory?: boolean;
}

export interface RunResultUpdate {
  readonly state: RunState;
  readonly summary?: Readonly<Record<string, number | null>>;
  readonly backend?: string;
  readonly device?: string;
  readonly wallTimeS?: number;
  readonly error?: string;
  /** What the run printed (capped by the caller); read back with getRunLog. */
  readonly log?: string;
}

export interface StaleRunOptions {
  /** Only this sweep's runs (default: every sweep). */
  readonly sweep?: string;
  /**
   * When set, each crashed run whose attempt ≤ maxRetries is re-enqueued, in the same transaction,
   * as a pending run with the same params and key and attempt + 1, so no grid point is lost.
   */
  readonly maxRetries?: number;
}

export type RunCounts = Record<RunState, number>;

export interface Store {
  /** The engine and location, e.g. `sqlite:.kdlab/runs.db` (never a password). */
  readonly url: string;

  /** Creates a sweep in state `running`; a name already in the store → StorageError. */
  createSweep(sweep: NewSweep): Promise<Sweep>;
  getSweep(idOrName: string): Promise<Sweep | undefined>;
  listSweeps(): Promise<Sweep[]>;
  setSweepState(idOrName: string, state: Sweep['state']): Promise<void>;

  /**
   * Records an import in one transaction: creates the sweep unless one already has its name, adds
   * the runs (duplicates skipped, as addRuns) and marks the sweep finished. An import interrupted
   * at any point leaves the store as it was, never a `running` sweep without its runs.
   */
  importSweep(sweep: NewSweep, runs: readonly NewRun[]): Promise<{ sweep: Sweep; added: RunRecord[] }>;

  /** Adds a run (pending unless `state` is given). A duplicate (key, attempt) → the existing run. */
  addRun(sweep: string, run: NewRun): Promise<RunRecord>;
  /** Adds runs in one transaction; returns only the runs actually added (duplicates and over-cap skipped). */
  addRuns(sweep: string, runs: readonly NewRun[], options?: AddRunsOptions): Promise<RunRecord[]>;
  /** One run with its history. */
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  /** Number of runs in each state (every state present, 0 when none). */
  countRuns(filter?: Omit<RunFilter, 'withHistory'>): Promise<RunCounts>;

  /** Atomically takes the oldest pending run of the sweep and marks it running for `worker`; undefined when none. */
  claimRun(sweep: string, worker: string): Promise<RunRecord | undefined>;
  /** Records that the run's worker is alive. */
  heartbeat(runId: string): Promise<void>;
  appendHistory(runId: string, log: EpochLog): Promise<void>;
  /** The log stored with a run when it finished; undefined when it has none (an unknown run → StorageError). */
  getRunLog(id: string): Promise<string | undefined>;
  /** Moves a run to a terminal state with its results (and log), in one transaction. */
  finishRun(runId: string, result: RunResultUpdate): Promise<RunRecord>;
  /**
   * Marks `running` runs whose last heartbeat (or start) is older than `olderThanMs` as crashed,
   * in one transaction, and returns them (see StaleRunOptions.maxRetries for re-enqueueing).
   */
  markStaleRunsCrashed(olderThanMs: number, options?: StaleRunOptions): Promise<RunRecord[]>;

  close(): Promise<void>;
}

/** Options every engine accepts. */
export interface StoreOptions {
  /** The clock (default `Date.now`); tests inject one so staleness never depends on real time. */
  readonly now?: () => number;
  /**
   * 'read': the caller only reads (report, sweep status, runs ls/export/logs). Nothing is created or
   * migrated: a missing file, a database without kdlab's tables, or a schema from another kdlab
   * version is refused, and the file is left byte for byte as it was. Default 'write'.
   */
  readonly mode?: 'read' | 'write';
}

/** An update to a run that already ended (or a heartbeat for a run not yet claimed). */
export class RunClosedError extends StorageError {
  constructor(
    readonly runId: string,
    readonly state: RunState,
    action: string,
  ) {
    super(
      `run ${runId} is ${state}: cannot ${action} (${state === 'pending' ? 'it has not been claimed' : 'finished runs are immutable'})`,
    );
  }
}
