/**
 * The agent's warm training process (training-process.ts): one process trains run after run, and is
 * replaced after a crash, after an abort and every `workerRuns` runs. Counted through the pids the
 * agent reports and the stats each run's process sends; real child processes (dist/, built first).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../../src/domain/run.js';
import { LocalLogger } from '../../src/log/logger.js';
import { MemoryStore } from '../../src/storage/memory.js';
import type { Store } from '../../src/storage/store.js';
import { enqueueGrid, prepareTrainer, runAgent } from '../../src/sweep/agent.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import type { WorkerStats } from '../../src/sweep/worker-protocol.js';

async function sweepOf(store: Store, yaml: string) {
  const config = parseSweepConfig(yaml, 'test.yaml');
  const sweep = await store.createSweep({
    name: config.name,
    method: config.method,
    metric: config.metric,
    config: config.raw,
    seed: config.seed,
  });
  await enqueueGrid({ store, sweep, config });
  return { sweep, config };
}

const grid = (extra = '') => `name: g
method: grid
trainer: fake
epochs: 2
parameters:
  x: { values: [0.1, 0.3, 0.5, 0.7, 0.9] }
${extra}`;

const fast = { heartbeatMs: 50, pollMs: 20 };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('the warm training process', () => {
  it('one agent trains every run of a sweep in one process, and ends it when the sweep is done', async () => {
    const store = new MemoryStore();
    const { sweep } = await sweepOf(store, grid());
    const stats: WorkerStats[] = [];
    const summary = await runAgent({ store, sweep: sweep.id, workerRuns: 50, onWorkerStats: (s) => stats.push(s), ...fast });
    expect(summary.runs).toBe(5);
    expect(summary.workerPids).toHaveLength(1);
    expect(stats.map((s) => s.pid)).toEqual(Array<number>(5).fill(summary.workerPids[0]));
    expect(stats.map((s) => s.runs)).toEqual([1, 2, 3, 4, 5]);
    expect(alive(summary.workerPids[0])).toBe(false);
    const runs = await store.listRuns({ sweep: sweep.id });
    expect(runs.map((r) => r.state)).toEqual(Array<string>(5).fill('finished'));
  });

  it('replaces the process every workerRuns runs; 1 is a fresh process per run', async () => {
    for (const [workerRuns, processes] of [
      [2, 3],
      [1, 5],
    ]) {
      const store = new MemoryStore();
      const { sweep } = await sweepOf(store, grid());
      const stats: WorkerStats[] = [];
      const summary = await runAgent({ store, sweep: sweep.id, workerRuns, onWorkerStats: (s) => stats.push(s), ...fast });
      expect(summary.workerPids).toHaveLength(processes);
      expect(new Set(summary.workerPids).size).toBe(processes);
      expect(stats.map((s) => s.runs)).toEqual(workerRuns === 2 ? [1, 2, 1, 2, 1] : [1, 1, 1, 1, 1]);
    }
  });

  it('KDLAB_WORKER_RUNS sets the runs per process when the agent is not told', async () => {
    const store = new MemoryStore();
    const { sweep } = await sweepOf(store, grid());
    const before = process.env.KDLAB_WORKER_RUNS;
    process.env.KDLAB_WORKER_RUNS = '1';
    try {
      const summary = await runAgent({ store, sweep: sweep.id, ...fast });
      expect(summary.workerPids).toHaveLength(5);
    } finally {
      if (before === undefined) delete process.env.KDLAB_WORKER_RUNS;
      else process.env.KDLAB_WORKER_RUNS = before;
    }
  });

  it('a crash mid-run ends the run as crashed and its retry trains on a fresh process', async () => {
    const store = new MemoryStore();
    // Points with fake_exit_epoch 2 make their process exit at epoch 2, on every attempt.
    const { sweep } = await sweepOf(
      store,
      grid()
        .replace('epochs: 2', 'epochs: 2\nmax_retries: 1')
        .replace('[0.1, 0.3, 0.5, 0.7, 0.9]', '[0.1, 0.3, 0.5]')
        .concat('  fake_exit_epoch: { values: [0, 2] }\n'),
    );
    const events: (RunRecord | WorkerStats)[] = [];
    const summary = await runAgent({
      store,
      sweep: sweep.id,
      workerRuns: 50,
      onWorkerStats: (s) => events.push(s),
      onRunEnd: (r) => events.push(r),
      ...fast,
    });
    const runs = await store.listRuns({ sweep: sweep.id });
    const crashed = runs.filter((r) => r.state === 'crashed');
    expect(crashed).toHaveLength(6);
    expect(crashed.every((r) => r.params.fake_exit_epoch === 2 && r.error === 'training process exited with code 3')).toBe(true);
    for (const key of new Set(crashed.map((r) => r.key))) expect(runs.filter((r) => r.key === key).map((r) => r.attempt)).toEqual([1, 2]);
    // One process, plus a fresh one after every crash that was not the agent's last run.
    const ended = events.filter((e): e is RunRecord => 'state' in e);
    expect(summary.workerPids).toHaveLength(1 + ended.slice(0, -1).filter((r) => r.state === 'crashed').length);
    // A run that follows a crash is the first run of a process never seen before.
    let afterCrash = 0;
    for (let i = 1; i < events.length; i++) {
      const [prev, next] = [events[i - 1], events[i]];
      if ('state' in prev && prev.state === 'crashed' && 'pid' in next) {
        afterCrash++;
        expect(next.runs).toBe(1);
        expect(events.slice(0, i).some((e) => 'pid' in e && e.pid === next.pid)).toBe(false);
      }
    }
    expect(afterCrash).toBeGreaterThan(0);
    for (const pid of summary.workerPids) expect(alive(pid)).toBe(false);
  });

  it('an abort (Ctrl-C) kills the run and ends its process', async () => {
    const store = new MemoryStore();
    const { sweep } = await sweepOf(store, grid().replace('epochs: 2', 'epochs: 3') + '  fake_sleep_ms: { value: 100 }\n');
    const controller = new AbortController();
    const summary = await runAgent({
      store,
      sweep: sweep.id,
      signal: controller.signal,
      workerRuns: 50,
      onRunEnd: (r) => {
        if (r.state === 'finished') setTimeout(() => controller.abort(), 50);
      },
      ...fast,
    });
    const runs = await store.listRuns({ sweep: sweep.id });
    expect(runs.filter((r) => r.state === 'finished')).toHaveLength(1);
    expect(runs.filter((r) => r.state === 'killed')).toHaveLength(1);
    expect(summary.workerPids).toHaveLength(1);
    expect(alive(summary.workerPids[0])).toBe(false);
  });
});

describe('a warm process trains like a fresh one', () => {
  it('the same params give the same metrics in a fresh process and after other runs, and tensors do not pile up', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kdlab-warm-'));
    const yaml = (name: string) => `name: ${name}
method: grid
dataset: digits
teacher: { hidden: [32], epochs: 3 }
cache_dir: ${cache}
backend: cpu
loss: kl-temperature
epochs: 2
batch_size: 64
learning_rate: 0.01
parameters:
  temperature: { values: [2, 4] }
  student_hidden: { values: ['16', '8,8'] }
`;
    const store = new MemoryStore();
    const warm = await sweepOf(store, yaml('warm'));
    const fresh = await sweepOf(store, yaml('fresh'));
    await prepareTrainer(warm.config.trainer, warm.config.trainerSettings, new LocalLogger());
    const stats: WorkerStats[] = [];
    const w = await runAgent({ store, sweep: warm.sweep.id, workerRuns: 50, onWorkerStats: (s) => stats.push(s), ...fast });
    const f = await runAgent({ store, sweep: fresh.sweep.id, workerRuns: 1, ...fast });
    expect(w.workerPids).toHaveLength(1);
    expect(f.workerPids).toHaveLength(4);

    const metrics = async (id: string) =>
      (await store.listRuns({ sweep: id, withHistory: true })).map((r) => {
        expect(r.state).toBe('finished');
        // Everything but the timing.
        const { samples_per_second: _, ...summary } = r.summary;
        return { params: r.params, summary, history: r.history };
      });
    const warmRuns = await metrics(warm.sweep.id);
    expect(warmRuns).toHaveLength(4);
    expect(warmRuns).toEqual(await metrics(fresh.sweep.id));
    // The same params in other runs' process must not reuse their values: the grid points differ.
    expect(new Set(warmRuns.map((r) => r.summary['eval/loss'])).size).toBe(4);

    // Live tensors after each run: the data and teacher logits the process keeps, never more.
    expect(stats.map((s) => s.runs)).toEqual([1, 2, 3, 4]);
    expect(stats[0].tensors).toBeGreaterThan(0);
    expect(stats.map((s) => s.tensors)).toEqual(Array<number | undefined>(4).fill(stats[0].tensors));
  }, 240_000);
});
