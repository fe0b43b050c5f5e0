/** Messages between an agent and the child process that trains one run (see worker.ts). */
import type { EpochLog, Params } from '../domain/run.js';
import type { RunResult } from '../domain/trainer.js';
import type { TrainerSettings } from './config.js';

export type ToWorker =
  /** Build the trainer once (e.g. train and cache the teacher) and exit; no run is trained. */
  | { readonly type: 'prepare'; readonly trainer: string; readonly settings: TrainerSettings }
  | { readonly type: 'start'; readonly trainer: string; readonly settings: TrainerSettings; readonly params: Params }
  | { readonly type: 'epoch-ack'; readonly stop: boolean };

export type FromWorker =
  | { readonly type: 'epoch'; readonly log: EpochLog }
  | { readonly type: 'prepared' }
  | { readonly type: 'result'; readonly result: RunResult }
  | { readonly type: 'error'; readonly message: string; readonly name: string }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'debug'; readonly message: string };
