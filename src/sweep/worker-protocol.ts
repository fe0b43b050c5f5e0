/** Messages between an agent and its training process (see worker.ts and training-process.ts). */
import type { EpochLog, Params } from '../domain/run.js';
import type { RunResult } from '../domain/trainer.js';
import type { TrainerSettings } from './config.js';

export type ToWorker =
  /** Build the trainer once (e.g. train and cache the teacher) and exit; no run is trained. */
  | { readonly type: 'prepare'; readonly trainer: string; readonly settings: TrainerSettings }
  /** The process's first run: build the trainer (kept for the next runs), then train. */
  | { readonly type: 'start'; readonly trainer: string; readonly settings: TrainerSettings; readonly params: Params }
  /** Another run on the trainer `start` built. */
  | { readonly type: 'next'; readonly params: Params }
  | { readonly type: 'epoch-ack'; readonly stop: boolean };

/** What a run left behind in its process: how many runs the process has trained, and live tensors. */
export interface WorkerStats {
  readonly pid: number;
  /** Runs this process has ended, this one included. */
  readonly runs: number;
  /** Tensors alive in TensorFlow.js after the run, when the process loaded it (a leak grows across runs). */
  readonly tensors?: number;
}

export type FromWorker =
  | { readonly type: 'epoch'; readonly log: EpochLog }
  | { readonly type: 'prepared' }
  | { readonly type: 'result'; readonly result: RunResult; readonly stats: WorkerStats }
  | { readonly type: 'error'; readonly message: string; readonly name: string; readonly stats?: WorkerStats }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'debug'; readonly message: string };
