/**
 * Sampler: decides the next Params of a sweep from its SearchSpace and the runs so far.
 * Pure: same space, history and rng state → same answer. Samplers decide, stores record.
 */
import type { Goal } from '../../domain/metric.js';
import type { Params, RunState } from '../../domain/run.js';
import type { Rng } from '../../util/rng.js';
import type { SearchSpace } from '../space.js';

/** One run as a sampler sees it: its params, its state, and its metric value when finished. */
export interface Trial {
  readonly params: Params;
  readonly state: RunState;
  readonly value?: number;
}

export interface History {
  readonly goal: Goal;
  readonly trials: readonly Trial[];
}

export interface Sampler {
  readonly name: string;
  /** The next params to try, or 'done' when the space is exhausted (grid). */
  next(space: SearchSpace, history: History, rng: Rng): Params | 'done';
}
