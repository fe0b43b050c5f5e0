/**
 * The training process of an agent. It never touches the store: it receives params over IPC, reports
 * each epoch and waits for the agent's continue/stop answer (hyperband), then sends the result. It
 * stays warm between runs: the first run (`start`) builds the trainer — TensorFlow.js, the data and the
 * cached teacher — and the next ones (`next`) reuse it, so a short run does not pay for a process
 * start. The agent replaces it after a crash, after an abort, and every KDLAB_WORKER_RUNS runs. If it
 * dies, only its run is lost (the agent records it as crashed).
 *
 * Ctrl-C reaches the whole process group; the agent decides what happens to the run and kills this
 * process, so SIGINT is ignored here. When the agent disconnects (no more runs) or dies, the IPC
 * channel closes and the worker exits rather than train for nobody.
 */
import type { FromWorker, ToWorker, WorkerStats } from './worker-protocol.js';
import { trainers } from './trainers.js';
import type { Logger } from '../log/logger.js';
import type { Trainer } from '../domain/trainer.js';
import type { TrainerSettings } from './config.js';

// A computed specifier keeps TensorFlow.js out of processes that train with another trainer.
const TRAIN_MODULE = '../train/index.js';

function send(msg: FromWorker): Promise<void> {
  return new Promise((resolve, reject) => process.send!(msg, undefined, {}, (err) => (err ? reject(err) : resolve())));
}

if (!process.send) {
  process.stderr.write('kdlab sweep worker: must be started by an agent (child_process.fork)\n');
  process.exit(2);
}

// A process entry, not library code: Ctrl-C reaches the whole process group, but this child's parent
// (the agent) decides what becomes of the run and stops it with SIGKILL, so the worker ignores SIGINT
// rather than die first and be mistaken for a crash.
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));

let pendingAck: ((stop: boolean) => void) | undefined;
/** What `start` asked for; the trainer is built from it once and kept for every later run. */
let spec: { readonly trainer: string; readonly settings: TrainerSettings } | undefined;
let built: Trainer | undefined;
let runs = 0;

process.on('message', (msg: ToWorker) => {
  if (msg.type === 'epoch-ack') {
    pendingAck?.(msg.stop);
    pendingAck = undefined;
  } else if (msg.type === 'start') {
    spec = { trainer: msg.trainer, settings: msg.settings };
    void train(msg.params);
  } else if (msg.type === 'next') {
    void train(msg.params);
  } else if (msg.type === 'prepare') {
    void prepare(msg);
  }
});

async function prepare(msg: Extract<ToWorker, { type: 'prepare' }>): Promise<void> {
  try {
    await trainers.get(msg.trainer)(msg.settings, workerLogger());
    await send({ type: 'prepared' });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    await send({ type: 'error', message: e.message, name: e.name });
  }
  process.disconnect();
}

function workerLogger(): Logger {
  return {
    info: (message) => void send({ type: 'log', level: 'info', message }),
    warn: (message) => void send({ type: 'log', level: 'warn', message }),
    debug: (message) => void send({ type: 'log', level: 'debug', message }),
  };
}

async function train(params: Parameters<Trainer['fit']>[0]): Promise<void> {
  try {
    if (!spec) throw new Error('the agent sent a next run before the first (start)');
    // A trainer that failed to build is built again on the next run, as a fresh process would.
    built ??= await trainers.get(spec.trainer)(spec.settings, workerLogger());
    const result = await built.fit(params, {
      onEpochEnd: async (log) => {
        const stop = new Promise<boolean>((resolve) => (pendingAck = resolve));
        await send({ type: 'epoch', log });
        return (await stop) ? 'stop' : undefined;
      },
    });
    runs++;
    await send({ type: 'result', result, stats: await stats() });
  } catch (err) {
    runs++;
    const e = err instanceof Error ? err : new Error(String(err));
    await send({ type: 'error', message: e.message, name: e.name, stats: await stats() });
  }
}

async function stats(): Promise<WorkerStats> {
  if (spec?.trainer !== 'distill' || !built) return { pid: process.pid, runs };
  const train = (await import(TRAIN_MODULE)) as { liveTensors(): number };
  return { pid: process.pid, runs, tensors: train.liveTensors() };
}
