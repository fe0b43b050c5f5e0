/**
 * The contract between sweeps and training: a Trainer turns Params into a RunResult and reports
 * progress through callbacks. It knows nothing of stores or samplers (Optuna: samplers decide,
 * storages record); `runSweep()` wires them together.
 */
import type { EpochLog, Params } from './run.js';

export interface TrainCallbacks {
  /** Called after every epoch. Return 'stop' to end training early (the run becomes `pruned`). */
  onEpochEnd?(log: EpochLog): void | 'stop' | Promise<void | 'stop'>;
  /** Called before each epoch; return true to abort (Ctrl-C): fit() then rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface RunResult {
  /** Final metrics: at least `eval/accuracy`, `eval/loss`, `test/accuracy`, `test/loss`. */
  readonly summary: Readonly<Record<string, number>>;
  readonly history: readonly EpochLog[];
  /** The Backend that ran it (`tensorflow`, `wasm`, `cpu`) and the device (`GPU 0: …`, `CPU`). */
  readonly backend: string;
  readonly device: string;
  readonly wallTimeS: number;
  readonly samplesPerSecond: number;
  /** True when a callback stopped training before its last epoch. */
  readonly stoppedEarly: boolean;
  /** What the training printed, capped (the command trainer's program output); stored with the run. */
  readonly log?: string;
}

export interface Trainer {
  fit(params: Params, callbacks?: TrainCallbacks): Promise<RunResult>;
}

/** Most members of a teacher ensemble (`teacher: { ensemble: N }`): each is trained in full. */
export const MAX_TEACHER_ENSEMBLE = 20;
