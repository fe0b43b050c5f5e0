/** Sweep: a set of runs of one LossVariant over a hyperparameter SearchSpace (Optuna's Study). */
import type { Metric } from './metric.js';

export const SWEEP_METHODS = ['grid', 'random', 'bayes'] as const;
export type SweepMethod = (typeof SWEEP_METHODS)[number];

export const SWEEP_STATES = ['running', 'finished', 'stopped'] as const;
export type SweepState = (typeof SWEEP_STATES)[number];

export interface Sweep {
  readonly id: string;
  readonly name: string;
  /** 'import' for runs read from an external table rather than searched by kdlab. */
  readonly method: SweepMethod | 'import';
  readonly metric: Metric;
  /** The validated sweep configuration, as given (serialisable). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed?: number;
  readonly state: SweepState;
  readonly createdAt: string;
}
