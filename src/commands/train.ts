/**
 * `kdlab train`: one student run, recorded in the Store.
 *   read: flags → dataset spec and canonical params (fail fast, before any training)
 *   train: createTrainer (teacher from the cache or trained once) → fit with progress callbacks
 *   apply: the run record (sweep created if missing; history per epoch; finished/failed/killed)
 * A plain async function, so tests call it directly.
 */
import { hostname } from 'node:os';
import cliProgress from 'cli-progress';
import type { EpochLog, Params, RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { DEFAULT_METRIC } from '../domain/metric.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { messages } from '../log/messages.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { writeFileAtomic } from '../util/fs.js';
import { createRegistry } from '../util/registry.js';

// Built-in datasets; a CSV of one's own comes with --data FILE --label COL.
const datasets = createRegistry<'digits' | 'fashion-mnist'>('dataset', { digits: 'digits', 'fashion-mnist': 'fashion-mnist' });
import type { BackendChoice, DatasetSpec, StudentRunResult, TeacherConfig } from '../train/index.js';

export interface TrainOptions {
  /** `digits` (bundled) or `fashion-mnist`; ignored when `data` is given. */
  readonly dataset?: string;
  /** A user CSV with numeric feature columns and the `label` column. */
  readonly data?: string;
  readonly label?: string;
  readonly dataDir?: string;
  /** Student params under their canonical names (loss, w_hard, temperature, …). */
  readonly params: Params;
  readonly teacher?: TeacherConfig;
  readonly backend?: BackendChoice;
  readonly cacheDir?: string;
  /** Store URL (default .kdlab/runs.db) or an open Store. */
  readonly store?: string | Store;
  /** Sweep the run joins (default `train-<loss>`), created when missing. */
  readonly sweep?: string;
  /** Write the run as JSON to FILE, `-` for stdout. */
  readonly json?: string;
  /** `bar` (a terminal), `lines` (one line per epoch) or `none`. */
  readonly progress?: 'bar' | 'lines' | 'none';
  readonly signal?: AbortSignal;
  readonly logger: Logger;
  readonly stdout?: (text: string) => void;
}

export interface TrainOutcome {
  readonly run: RunRecord;
  readonly sweep: Sweep;
  readonly result?: StudentRunResult;
  readonly teacher: { readonly key: string; readonly cached: boolean; readonly testAccuracy: number; readonly dir: string };
}

export async function train(opts: TrainOptions): Promise<TrainOutcome> {
  const stdout = opts.stdout ?? ((s: string) => void process.stdout.write(s));
  const { createTrainer, resolveParams, resolveTeacherConfig, toParams } = await import('../train/index.js');
  // Validate everything before the teacher spends minutes training.
  const params = resolveParams(opts.params);
  const dataset = datasetSpec(opts);
  const sweepName = opts.sweep ?? `train-${params.loss}`;
  // With JSON on stdout, messages move to stderr so the output stays parseable.
  const log: Logger =
    opts.json === '-'
      ? { info: (m) => void process.stderr.write(m + '\n'), warn: (m) => opts.logger.warn(m), debug: (m) => opts.logger.debug(m) }
      : opts.logger;

  const store = await openStore(opts.store);
  try {
    let trainRows = 0;
    const teacherProgress = progressReporter('teacher', opts.progress ?? 'lines', log, () => trainRows);
    const trainer = await createTrainer({
      onData: (d) => {
        trainRows = d.train;
      },
      dataset,
      dataDir: opts.dataDir,
      teacher: opts.teacher,
      cacheDir: opts.cacheDir,
      backend: opts.backend,
      logger: log,
      onTeacherEpoch: (l) => teacherProgress.epoch(l, resolveTeacherConfig(opts.teacher).epochs),
    });
    teacherProgress.stop();
    try {
      const t = trainer.teacher;
      log.info(
        `teacher ${t.architecture}${t.cached ? ' (cached)' : ''}: eval/accuracy ${fmt(t.evalAccuracy)}, test/accuracy ${fmt(t.testAccuracy)}; backend ${trainer.backend.name}, ${trainer.backend.device}`,
      );

      const sweep =
        (await store.getSweep(sweepName)) ??
        (await store.createSweep({
          name: sweepName,
          method: 'grid',
          metric: DEFAULT_METRIC,
          config: {
            command: 'kdlab train',
            dataset: typeof dataset === 'string' ? dataset : dataset.csv,
            teacher: t.config,
            teacherKey: t.key,
          },
        }));
      const sweepTeacher = sweep.config.teacherKey;
      if (typeof sweepTeacher === 'string' && sweepTeacher !== t.key) log.warn(messages.teacherChanged(sweep.name, sweepTeacher, t.key));
      let run = await store.addRun(sweep.name, {
        params: toParams(params),
        state: 'running',
        worker: `${hostname()}:${process.pid}`,
        startedAt: new Date().toISOString(),
        backend: trainer.backend.name,
        device: trainer.backend.device,
      });

      const progress = progressReporter('student', opts.progress ?? 'lines', log, () => trainRows);
      let result: StudentRunResult;
      try {
        result = await trainer.fit(params as unknown as Params, {
          signal: opts.signal,
          onEpochEnd: async (l) => {
            progress.epoch(l, params.epochs);
            await store.appendHistory(run.id, l);
            // Steps run synchronously, so epochs are where a heartbeat can be sent.
            await store.heartbeat(run.id);
          },
        });
      } catch (err) {
        progress.stop();
        const aborted = (err as Error).name === 'AbortError';
        await store.finishRun(run.id, {
          state: aborted ? 'killed' : 'failed',
          error: (err as Error).message,
          backend: trainer.backend.name,
          device: trainer.backend.device,
        });
        if (aborted) throw new UsageError(`interrupted; run ${run.id} recorded as killed in ${store.url}`);
        throw err;
      }
      progress.stop();
      run = await store.finishRun(run.id, {
        state: 'finished',
        summary: result.summary,
        backend: result.backend,
        device: result.device,
        wallTimeS: result.wallTimeS,
      });

      const s = result.summary;
      const line =
        `${params.loss}: eval/accuracy ${fmt(s['eval/accuracy'])}, test/accuracy ${fmt(s['test/accuracy'])} ` +
        `(${result.history.length} epochs, ${Math.round(result.samplesPerSecond)} samples/s, ${result.wallTimeS.toFixed(1)} s); run ${run.id} in sweep ${sweep.name} (${store.url})`;
      log.info(line);
      if (opts.json) {
        const json =
          JSON.stringify(
            {
              run: run.id,
              sweep: sweep.name,
              store: store.url,
              params: result.params,
              summary: s,
              history: result.history,
              backend: result.backend,
              device: result.device,
              wallTimeS: result.wallTimeS,
              samplesPerSecond: result.samplesPerSecond,
              teacher: {
                key: t.key,
                architecture: t.architecture,
                cached: t.cached,
                evalAccuracy: t.evalAccuracy,
                testAccuracy: t.testAccuracy,
              },
            },
            null,
            2,
          ) + '\n';
        if (opts.json === '-') stdout(json);
        else await writeFileAtomic(opts.json, json);
      }
      return { run, sweep, result, teacher: { key: t.key, cached: t.cached, testAccuracy: t.testAccuracy, dir: t.dir } };
    } finally {
      trainer.dispose();
    }
  } finally {
    if (typeof opts.store !== 'object') await store.close();
  }
}

function datasetSpec(opts: TrainOptions): DatasetSpec {
  if (opts.data) {
    if (!opts.label) throw new UsageError('--data needs --label COL naming the class column');
    return { csv: opts.data, label: opts.label };
  }
  if (opts.label) throw new UsageError('--label only applies with --data FILE.csv');
  try {
    return datasets.get(opts.dataset ?? 'digits');
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (or --data FILE.csv --label COL)`);
  }
}

const fmt = (x: number) => x.toFixed(4);

interface ProgressReporter {
  epoch(log: EpochLog, total: number): void;
  stop(): void;
}

/**
 * A cli-progress bar on a terminal, one plain line per epoch otherwise (logs, CI). samples/s is the
 * epoch's train rows over its wall time (evaluation included), so it reads as throughput seen.
 */
function progressReporter(what: string, mode: 'bar' | 'lines' | 'none', logger: Logger, rows: () => number): ProgressReporter {
  if (mode === 'none') return { epoch() {}, stop() {} };
  let last = performance.now();
  const rate = () => {
    const now = performance.now();
    const r = rows() / Math.max(1e-9, (now - last) / 1000);
    last = now;
    return Math.round(r);
  };
  if (mode === 'lines') {
    return {
      epoch(l, total) {
        logger.info(
          `${what} epoch ${l.epoch}/${total}: train/loss ${fmt(l['train/loss'])}, eval/loss ${fmt(l['eval/loss'])}, eval/accuracy ${fmt(l['eval/accuracy'])}, ${rate()} samples/s`,
        );
      },
      stop() {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  return {
    epoch(l, total) {
      const values = { what, loss: fmt(l['train/loss']), acc: fmt(l['eval/accuracy']), rate: rate() };
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: '{what} |{bar}| epoch {value}/{total} | loss {loss} | eval/accuracy {acc} | {rate} samples/s',
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, values);
      }
      bar.update(l.epoch, values);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
