/**
 * An agent's training process (worker.ts), kept warm across runs: starting Node and TensorFlow.js and
 * reading the cached teacher costs more than a short run, so one process trains run after run. It is
 * replaced after a crash (it is dead), after an abort (it is killed mid-run) and every `maxRuns` runs
 * (what a long-lived process might leak stays bounded); `maxRuns` 1 is a fresh process per run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { EpochLog, Params } from '../domain/run.js';
import type { RunResult } from '../domain/trainer.js';
import type { Logger } from '../log/logger.js';
import type { TrainerSettings } from './config.js';
import { distPath } from './dist-path.js';
import type { FromWorker, ToWorker, WorkerStats } from './worker-protocol.js';

export const DEFAULT_WORKER_RUNS = 50;

/** Runs per training process: env KDLAB_WORKER_RUNS (a positive integer), else 50. */
export function workerRunsFromEnv(): number {
  const v = Number(process.env.KDLAB_WORKER_RUNS);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_WORKER_RUNS;
}

export type ProcessOutcome =
  | { readonly kind: 'result'; readonly result: RunResult }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'crash'; readonly message: string }
  | { readonly kind: 'killed' };

export interface TrainingProcessOptions {
  readonly trainer: string;
  readonly settings: TrainerSettings;
  /** CUDA_VISIBLE_DEVICES of the process. */
  readonly gpu?: string;
  readonly logger: Logger;
  /** Runs one process trains before it is replaced (at least 1). */
  readonly maxRuns: number;
  /** Told what each ended run left in its process (debug: process reuse, live tensors). */
  readonly onStats?: (stats: WorkerStats) => void;
}

export class TrainingProcess {
  private child: ChildProcess | undefined;
  private runs = 0;
  /** Every process started, in order: a debug record (tests count them). */
  readonly pids: number[] = [];

  constructor(private readonly options: TrainingProcessOptions) {}

  /**
   * Trains one run. `onEpoch` answers whether to stop (hyperband); aborting `signal` kills the process
   * (the run is killed). Rejects only when the agent's own epoch handling fails.
   */
  train(params: Params, onEpoch: (log: EpochLog) => Promise<boolean>, signal: AbortSignal): Promise<ProcessOutcome> {
    const o = this.options;
    // Interrupted before it began: no process to start (or kill) for it.
    if (signal.aborted) return Promise.resolve({ kind: 'killed' });
    const child = this.alive() ?? this.spawn();
    const msg: ToWorker = this.runs === 0 ? { type: 'start', trainer: o.trainer, settings: o.settings, params } : { type: 'next', params };
    return new Promise((resolve, reject) => {
      let settled = false;
      let killed = false;
      const finish = (outcome: ProcessOutcome | Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
        if (outcome instanceof Error) {
          this.kill(child);
          return reject(outcome);
        }
        if (outcome.kind === 'result' || outcome.kind === 'error') {
          this.runs++;
          if (this.runs >= o.maxRuns) this.release(child);
        }
        resolve(outcome);
      };
      const onAbort = () => {
        killed = true;
        this.kill(child);
      };
      // Messages are handled one at a time, in order: an epoch's decision before the result.
      let chain = Promise.resolve();
      const onMessage = (m: FromWorker) => {
        chain = chain
          .then(async () => {
            if (killed) return;
            switch (m.type) {
              case 'epoch': {
                const stop = await onEpoch(m.log);
                if (child.connected) child.send({ type: 'epoch-ack', stop } satisfies ToWorker);
                break;
              }
              case 'result':
                o.onStats?.(m.stats);
                return finish({ kind: 'result', result: m.result });
              case 'error':
                if (m.stats) o.onStats?.(m.stats);
                return finish({ kind: 'error', message: m.message });
              case 'log':
                o.logger[m.level](m.message);
                break;
              case 'prepared':
                break;
            }
          })
          .catch((err) => finish(err as Error));
      };
      const onExit = (code: number | null, killedBy: NodeJS.Signals | null) => {
        void chain.then(() =>
          finish(
            killed || signal.aborted
              ? { kind: 'killed' }
              : {
                  kind: 'crash',
                  message: killedBy ? `training process killed by ${killedBy}` : `training process exited with code ${code}`,
                },
          ),
        );
      };
      const onError = (err: Error) => finish(err);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.on('error', onError);
      signal.addEventListener('abort', onAbort, { once: true });
      // A process that died since its last run fails this send; its exit then ends the run as crashed.
      child.send(msg, (err) => void err);
    });
  }

  /** Ends the process (it exits when its channel closes) and waits for it. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.release(child);
    if (child.exitCode === null && child.signalCode === null) await exited;
  }

  private alive(): ChildProcess | undefined {
    const c = this.child;
    return c && c.connected && c.exitCode === null && c.signalCode === null ? c : undefined;
  }

  private spawn(): ChildProcess {
    const o = this.options;
    const child = fork(distPath('sweep/worker.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      ...(o.gpu !== undefined ? { env: { ...process.env, CUDA_VISIBLE_DEVICES: o.gpu } } : {}),
    });
    // A process that dies between runs (or fails to start) is forgotten; the next run gets a fresh one.
    child.once('exit', () => this.forget(child));
    child.on('error', () => this.forget(child));
    this.child = child;
    this.runs = 0;
    if (child.pid !== undefined) this.pids.push(child.pid);
    return child;
  }

  private forget(child: ChildProcess): void {
    if (this.child === child) this.child = undefined;
  }

  private release(child: ChildProcess): void {
    this.forget(child);
    if (child.connected) child.disconnect();
  }

  private kill(child: ChildProcess): void {
    this.forget(child);
    child.kill('SIGKILL');
  }
}
