/**
 * The `command` trainer: runs a sweep's `program` once per run, as `wandb agent` does, and reads
 * its metrics from stdout (or KDLAB_METRICS_FILE) by the protocol in metrics.ts.
 *
 * It lives in src/sweep/ rather than src/train/ because it trains nothing itself: it is the sweep
 * machinery's side of a user's program (W&B's command macros, process groups, timeouts).
 *
 * One run:
 *   1. write the params file, expand the command (macros.ts) and spawn it with an argument array
 *      (never a shell), in its own process group led by a watchdog (watchdog.ts) that ends the
 *      group if this process dies, stdout/stderr piped;
 *   2. each metric line becomes a step handed to `onEpochEnd` in order (hyperband may answer 'stop');
 *      every other line goes to the capped log;
 *   3. it ends by itself, or kdlab ends its whole process group — 'stop' (pruned), the run timeout,
 *      or the abort signal (Ctrl-C): SIGTERM, then SIGKILL after a grace period;
 *   4. the outcome: exit 0 with the sweep's metric → a RunResult; anything else → ProgramFailedError
 *      (with the log), or an AbortError when aborted. Whatever the program left in its group is killed.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochLog, Params } from '../../domain/run.js';
import type { RunResult, TrainCallbacks, Trainer } from '../../domain/trainer.js';
import { UsageError } from '../../errors.js';
import { LineSplitter, LogCapture, MetricSteps } from './metrics.js';
import { envMs } from '../../util/env.js';
import { DEFAULT_COMMAND, expandCommand } from './macros.js';
import { distPath } from '../dist-path.js';

export interface CommandSettings {
  /** Absolute path of the program (the config loader resolves it against the sweep file's folder). */
  readonly program?: string;
  /** W&B `command`; default `${env} ${interpreter} ${program} ${args}`. */
  readonly command?: readonly string[];
  /** The sweep's metric: a run that never prints it fails. */
  readonly metric?: string;
  /** Seconds before the run's process group is ended and the run fails as timed out. */
  readonly runTimeoutS?: number;
  /** Extra environment for the program (KDLAB_RUN_ID, KDLAB_SWEEP, CUDA_VISIBLE_DEVICES). */
  readonly env?: Readonly<Record<string, string>>;
  /** Between SIGTERM and SIGKILL (default 5 s, env KDLAB_KILL_GRACE_MS). */
  readonly killGraceMs?: number;
}

/** A run of the program that did not succeed; `log` is what it printed, `retryable` when a retry may help (a non-zero exit). */
export class ProgramFailedError extends Error {
  constructor(
    message: string,
    readonly log: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProgramFailedError';
  }
}

export function createCommandTrainer(settings: CommandSettings): Trainer {
  const { program } = settings;
  if (program === undefined && settings.command === undefined)
    throw new UsageError('the command trainer needs `program:` (or `command:`) in the sweep config');
  if (program !== undefined && (!existsSync(program) || !statSync(program).isFile()))
    throw new UsageError(`program ${program} does not exist; \`program:\` is resolved against the sweep file's folder`);
  return { fit: (params, callbacks) => runProgram(settings, params, callbacks ?? {}) };
}

type StopReason = 'pruned' | 'timeout' | 'killed';

async function runProgram(settings: CommandSettings, params: Params, callbacks: TrainCallbacks): Promise<RunResult> {
  const t0 = Date.now();
  // 1. params file, argv, spawn
  const dir = await mkdtemp(join(tmpdir(), 'kdlab-run-'));
  const paramsFile = join(dir, 'params.json');
  const metricsFile = join(dir, 'metrics.jsonl');
  await writeFile(paramsFile, JSON.stringify(params));
  await writeFile(metricsFile, '');
  const env: Record<string, string | undefined> = {
    ...process.env,
    PYTHONUNBUFFERED: process.env.PYTHONUNBUFFERED ?? '1',
    ...settings.env,
    KDLAB_PARAMS_FILE: paramsFile,
    KDLAB_METRICS_FILE: metricsFile,
    ...(params.seed !== undefined && params.seed !== null ? { KDLAB_SEED: String(params.seed) } : {}),
  };
  const argv = expandCommand(settings.command ?? DEFAULT_COMMAND, { program: settings.program, params, paramsFile, env });
  const log = new LogCapture();
  const steps = new MetricSteps();
  const grace = settings.killGraceMs ?? envMs('KDLAB_KILL_GRACE_MS', 5_000);
  try {
    if (argv.length === 0) throw new ProgramFailedError('the command expands to nothing', '', false);
    // Through the watchdog, the leader of the program's group: it ends the group if this process
    // dies (even by SIGKILL), by the end of its stdin pipe, which this process holds and never writes.
    const child = spawn(process.execPath, [distPath('sweep/command/watchdog.js'), argv[0], ...argv.slice(1)], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env,
    });
    child.stdin.on('error', () => {}); // never written; the watchdog may be gone first
    let spawnError: string | undefined;
    child.stdio[3]?.on('data', (d: Buffer) => {
      try {
        spawnError = (JSON.parse(d.toString()) as { spawnError?: string }).spawnError;
      } catch {
        spawnError = d.toString().trim();
      }
    });
    let stopped: StopReason | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const stop = (reason: StopReason) => {
      if (stopped) return;
      stopped = reason;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), grace);
    };

    // 2. steps in order; stdout pauses while many wait, so a flood of lines holds no memory.
    let chain: Promise<void> = Promise.resolve();
    let waiting = 0;
    let callbackError: Error | undefined;
    const onStep = (step: EpochLog) => {
      waiting++;
      if (waiting > 256) child.stdout?.pause();
      chain = chain.then(async () => {
        try {
          if (!stopped && callbacks.onEpochEnd && (await callbacks.onEpochEnd(step)) === 'stop') stop('pruned');
        } catch (err) {
          callbackError ??= err as Error;
          stop('killed');
        } finally {
          if (--waiting <= 16) child.stdout?.resume();
        }
      });
    };
    const stdoutLines = new LineSplitter(
      (line) => {
        const step = steps.add(line);
        if (step) onStep(step);
        else log.write(`${line}\n`);
      },
      (text) => log.write(text),
    );
    child.stdout.setEncoding('utf8').on('data', (s: string) => stdoutLines.push(s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => log.write(s));
    const fileLines = new LineSplitter((line) => {
      const step = steps.add(line);
      if (step) onStep(step);
    });
    const fileReader = tailFile(metricsFile, (s) => fileLines.push(s));

    // 3. the ways it ends early
    const timeout = settings.runTimeoutS !== undefined ? setTimeout(() => stop('timeout'), settings.runTimeoutS * 1000) : undefined;
    const onAbort = () => stop('killed');
    if (callbacks.signal?.aborted) onAbort();
    else callbacks.signal?.addEventListener('abort', onAbort, { once: true });

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
      child.once('error', (err) => resolve({ code: null, signal: null, spawnError: err }));
      child.once('exit', (code, signal) => {
        // Anything the program started and left behind in its group is an orphan now.
        killGroup('SIGKILL');
        child.once('close', () => resolve({ code, signal, ...(spawnError !== undefined ? { spawnError: new Error(spawnError) } : {}) }));
      });
    });
    clearTimeout(timeout);
    clearTimeout(killTimer);
    callbacks.signal?.removeEventListener('abort', onAbort);
    stdoutLines.end();
    await fileReader.stop();
    fileLines.end();
    await chain;

    // 4. the outcome
    if (callbackError) throw callbackError;
    if (exit.spawnError) throw new ProgramFailedError(`cannot start ${argv[0]}: ${exit.spawnError.message}`, log.text(), false);
    if (stopped === 'killed') {
      const err = new Error('the run was interrupted');
      err.name = 'AbortError';
      throw err;
    }
    if (stopped === 'timeout')
      throw new ProgramFailedError(
        `timed out after run_timeout ${formatSeconds(settings.runTimeoutS!)}; its process group was ended`,
        log.text(),
        false,
      );
    if (steps.malformed > 0) log.write(`[kdlab: ${steps.malformed} malformed metric line${steps.malformed === 1 ? '' : 's'} ignored]\n`);
    if (stopped !== 'pruned') {
      if (exit.code !== 0) {
        const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
        throw new ProgramFailedError(`${argv[0]} ${how}${tailNote(log)}`, log.text(), true);
      }
      if (settings.metric !== undefined && steps.summary[settings.metric] === undefined)
        throw new ProgramFailedError(
          `the program exited 0 but never printed the sweep's metric ${JSON.stringify(settings.metric)} ` +
            `(${steps.steps.length} metric line${steps.steps.length === 1 ? '' : 's'}` +
            `${steps.malformed ? `, ${steps.malformed} malformed` : ''}); print a JSON line such as {"${settings.metric}": 0.9}`,
          log.text(),
          false,
        );
    }
    const gpu = settings.env?.CUDA_VISIBLE_DEVICES;
    return {
      summary: { ...steps.summary },
      history: steps.steps,
      backend: 'command',
      device: gpu !== undefined ? `CUDA_VISIBLE_DEVICES=${gpu}` : 'program',
      wallTimeS: (Date.now() - t0) / 1000,
      samplesPerSecond: 0,
      stoppedEarly: stopped === 'pruned',
      log: log.text(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tailNote(log: LogCapture): string {
  const tail = log.lastLines(5).trim();
  return tail ? `; last lines:\n${tail}` : '';
}

function formatSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Reads what is appended to a file, every 100 ms and once more at stop(). */
function tailFile(path: string, onText: (s: string) => void): { stop(): Promise<void> } {
  let offset = 0;
  let reading: Promise<void> = Promise.resolve();
  const decoder = new TextDecoder();
  const readMore = () =>
    (reading = reading.then(async () => {
      const fh = await open(path, 'r').catch(() => undefined);
      if (!fh) return;
      try {
        const buf = Buffer.alloc(64 * 1024);
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          onText(decoder.decode(buf.subarray(0, bytesRead), { stream: true }));
        }
      } finally {
        await fh.close();
      }
    }));
  const timer = setInterval(() => void readMore(), 100);
  return {
    async stop() {
      clearInterval(timer);
      await readMore();
    },
  };
}
