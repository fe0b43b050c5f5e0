/**
 * The child process that trains one run. It never touches the store: it receives params over IPC,
 * reports each epoch and waits for the agent's continue/stop answer (hyperband), then sends the
 * result. If it dies, only its run is lost (the agent records it as crashed).
 *
 * Ctrl-C reaches the whole process group; the agent decides what happens to the run and kills this
 * process, so SIGINT is ignored here. When the agent itself dies, the IPC channel closes and the
 * worker exits rather than train for nobody.
 */
import type { FromWorker, ToWorker } from './worker-protocol.js';
import { trainers } from './trainers.js';
import type { Logger } from '../log/logger.js';

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

process.on('message', (msg: ToWorker) => {
  if (msg.type === 'epoch-ack') {
    pendingAck?.(msg.stop);
    pendingAck = undefined;
  } else if (msg.type === 'start') {
    void train(msg);
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

async function train(msg: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const logger = workerLogger();
  try {
    const trainer = await trainers.get(msg.trainer)(msg.settings, logger);
    const result = await trainer.fit(msg.params, {
      onEpochEnd: async (log) => {
        const stop = new Promise<boolean>((resolve) => (pendingAck = resolve));
        await send({ type: 'epoch', log });
        return (await stop) ? 'stop' : undefined;
      },
    });
    await send({ type: 'result', result });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    await send({ type: 'error', message: e.message, name: e.name });
  }
  process.disconnect();
}
