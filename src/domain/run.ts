/**
 * Run: one training (or one imported row) with its hyperparameters and results.
 * A RunRecord is the immutable snapshot handed between stages (Optuna's FrozenTrial).
 */

/** Life cycle of a run. Only `finished` runs enter statistical tests by default. */
export const RUN_STATES = ['pending', 'running', 'finished', 'failed', 'crashed', 'killed', 'pruned'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** States after which a run never changes again. */
export const TERMINAL_STATES: ReadonlySet<RunState> = new Set(['finished', 'failed', 'crashed', 'killed', 'pruned']);

export type ParamValue = number | string | boolean | null;
export type Params = Readonly<Record<string, ParamValue>>;

/** One epoch's logged values, e.g. `{ epoch: 3, 'train/loss': 0.4, 'eval/accuracy': 0.91 }`. */
export interface EpochLog {
  readonly epoch: number;
  readonly [metric: string]: number;
}

export interface RunRecord {
  readonly id: string;
  /** Name of the sweep the run belongs to (the default Group of an analysis). */
  readonly sweep: string;
  readonly name?: string;
  readonly state: RunState;
  readonly params: Params;
  /** Final metrics, e.g. `eval/accuracy`, `test/accuracy`. null = not recorded. */
  readonly summary: Readonly<Record<string, number | null>>;
  readonly history?: readonly EpochLog[];
  readonly backend?: string;
  readonly device?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly heartbeatAt?: string;
  readonly wallTimeS?: number;
  readonly error?: string;
  /** Sweep runs only: the worker (agent) that ran it, its try number (1 = first) and dedup key. */
  readonly worker?: string;
  readonly attempt?: number;
  readonly key?: string;
  readonly createdAt?: string;
}
