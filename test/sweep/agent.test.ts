/**
 * runAgent over a memory store with the fake trainer: the claiming, retry and recording logic, each
 * run in a real child process (dist/sweep/worker.js; `npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/domain/run.js';
import { LocalLogger } from '../../src/log/logger.js';
import { MemoryStore } from '../../src/storage/memory.js';
import type { Store } from '../../src/storage/store.js';
import { runAgent, enqueueGrid } from '../../src/sweep/agent.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { paramsKey } from '../../src/sweep/space.js';
import { sweepProgress } from '../../src/sweep/status.js';

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
  return sweep;
}

const grid = (extra = '') => `name: g
method: grid
trainer: fake
epochs: 3
parameters:
  x: { values: [0.1, 0.3, 0.5, 0.7] }
  temperature: { values: [2, 4] }
${extra}`;

const fast = { heartbeatMs: 50, pollMs: 20 };
const byState = (runs: RunRecord[]) => runs.reduce<Record<string, number>>((m, r) => ({ ...m, [r.state]: (m[r.state] ?? 0) + 1 }), {});

describe('runAgent', () => {
  it('runs every grid point once, each in a child process, and records its history', async () => {
    const store = new MemoryStore();
    const sweep = await sweepOf(store, grid());
    const summary = await runAgent({ store, sweep: sweep.id, ...fast });
    const runs = await store.listRuns({ sweep: sweep.id, withHistory: true });
    expect(summary.runs).toBe(8);
    expect(summary.states).toEqual({ finished: 8 });
    expect(runs).toHaveLength(8);
    expect(new Set(runs.map((r) => paramsKey(r.params))).size).toBe(8);
    for (const r of runs) {
      expect(r.state).toBe('finished');
      expect(r.history?.map((h) => h.epoch)).toEqual([1, 2, 3]);
      expect(r.summary['eval/accuracy']).toBeCloseTo(
        0.5 + 0.45 * Math.exp(-(((r.params.x as number) - 0.5) ** 2) - ((Math.log2(r.params.temperature as number) - 2) / 2) ** 2),
        12,
      );
      expect(r.backend).toBe('fake');
    }
    expect((await store.getSweep(sweep.id))?.state).toBe('finished');
    // a second agent finds nothing to do: finished runs are never re-run
    expect((await runAgent({ store, sweep: sweep.id, ...fast })).runs).toBe(0);
  });

  it('stops after --count runs, and another agent continues where it stopped', async () => {
    const store = new MemoryStore();
    const sweep = await sweepOf(store, grid());
    expect((await runAgent({ store, sweep: sweep.id, count: 3, ...fast })).runs).toBe(3);
    expect(sweepProgress(sweep, await store.listRuns({ sweep: sweep.id }))).toMatchObject({ done: 3, total: 8, pending: 5 });
    expect((await runAgent({ store, sweep: sweep.id, ...fast })).runs).toBe(5);
  });

  it('random search: run_cap runs with params reproducible from the seed, however agents share the work', async () => {
    const yaml = `name: r
method: random
trainer: fake
run_cap: 6
seed: 11
parameters:
  learning_rate: { distribution: log_uniform_values, min: 0.0001, max: 0.1 }
  w_hard: { min: 0.0, max: 1.0 }
`;
    const one = new MemoryStore();
    const s1 = await sweepOf(one, yaml);
    await runAgent({ store: one, sweep: s1.id, isolation: 'inline', ...fast });
    const two = new MemoryStore();
    const s2 = await sweepOf(two, yaml);
    await Promise.all([
      runAgent({ store: two, sweep: s2.id, isolation: 'inline', ...fast }),
      runAgent({ store: two, sweep: s2.id, isolation: 'inline', ...fast }),
    ]);
    const params = async (st: Store, id: string) => (await st.listRuns({ sweep: id })).map((r) => [r.key, paramsKey(r.params)]).sort();
    expect(await params(two, s2.id)).toHaveLength(6);
    expect(await params(two, s2.id)).toEqual(await params(one, s1.id));
  });

  it('a crashing training process ends its run as crashed, retries the config, and the agent goes on', async () => {
    const store = new MemoryStore();
    // points with fake_exit_epoch 2 make the worker process exit at epoch 2, on every attempt
    const sweep = await sweepOf(
      store,
      grid()
        .replace('temperature: { values: [2, 4] }', 'fake_exit_epoch: { values: [0, 2] }')
        .replace('epochs: 3', 'epochs: 3\nmax_retries: 1'),
    );
    const summary = await runAgent({ store, sweep: sweep.id, ...fast });
    const runs = await store.listRuns({ sweep: sweep.id, withHistory: true });
    expect(byState(runs)).toEqual({ finished: 4, crashed: 8 });
    expect(summary.runs).toBe(12);
    const crashed = runs.filter((r) => r.state === 'crashed');
    for (const key of new Set(crashed.map((r) => r.key))) {
      expect(runs.filter((r) => r.key === key).map((r) => r.attempt)).toEqual([1, 2]);
    }
    expect(crashed.every((r) => r.params.fake_exit_epoch === 2)).toBe(true);
    expect(crashed[0].error).toBe('training process exited with code 3');
    expect(crashed[0].history).toHaveLength(1);
    expect(sweepProgress(sweep, runs)).toMatchObject({ done: 8, total: 8, finished: 4, crashed: 8 });
  });

  it('a trainer error fails the run without retrying it', async () => {
    const store = new MemoryStore();
    const sweep = await sweepOf(store, grid().replace('temperature: { values: [2, 4] }', 'fake_fail_epoch: { values: [0, 2] }'));
    await runAgent({ store, sweep: sweep.id, ...fast });
    const runs = await store.listRuns({ sweep: sweep.id });
    expect(byState(runs)).toEqual({ finished: 4, failed: 4 });
    expect(runs.find((r) => r.state === 'failed')?.error).toBe('fake trainer failed on purpose at epoch 2');
  });

  it('hyperband prunes runs that fall behind at a band; a pruned run keeps its history up to there', async () => {
    const store = new MemoryStore();
    const sweep = await sweepOf(
      store,
      `name: hb
method: grid
trainer: fake
epochs: 6
parameters:
  x: { values: [0.5, 1.5, 0.6, 2.5, 0.7, 3.0, 0.4, 2.0, 0.55] }
early_terminate: { type: hyperband, min_iter: 2, eta: 3, s: 2 }
`,
    );
    await runAgent({ store, sweep: sweep.id, ...fast });
    const runs = await store.listRuns({ sweep: sweep.id, withHistory: true });
    const pruned = runs.filter((r) => r.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    // the first eta runs cannot be judged; the best points (x near 0.5) are never pruned
    expect(pruned.map((r) => r.params.x)).not.toContain(0.5);
    expect(pruned.map((r) => r.params.x)).not.toContain(0.55);
    for (const r of pruned) expect([2, 6]).toContain(r.history!.length);
    for (const r of runs.filter((r) => r.state === 'finished')) expect(r.history).toHaveLength(6);
  });

  it('Ctrl-C ends the running run as killed; the next agent re-queues it and never re-runs finished runs', async () => {
    const store = new MemoryStore();
    const sweep = await sweepOf(
      store,
      grid().replace('temperature: { values: [2, 4] }', 'temperature: { values: [2, 4] }\n  fake_sleep_ms: { value: 40 }'),
    );
    const controller = new AbortController();
    const first = await runAgent({
      store,
      sweep: sweep.id,
      signal: controller.signal,
      ...fast,
      onRunEnd: (r) => {
        if (r.state === 'finished') setTimeout(() => controller.abort(), 30);
      },
    });
    let runs = await store.listRuns({ sweep: sweep.id });
    expect(byState(runs)).toEqual({ finished: 1, killed: 1, pending: 6 });
    expect(first.runs).toBe(2);
    const finishedBefore = runs.find((r) => r.state === 'finished')!;
    await runAgent({ store, sweep: sweep.id, ...fast });
    runs = await store.listRuns({ sweep: sweep.id });
    expect(byState(runs)).toEqual({ finished: 8, killed: 1 });
    expect(runs.find((r) => r.id === finishedBefore.id)?.finishedAt).toBe(finishedBefore.finishedAt);
    const killed = runs.find((r) => r.state === 'killed')!;
    expect(runs.filter((r) => r.key === killed.key).map((r) => [r.attempt, r.state])).toEqual([
      [1, 'killed'],
      [2, 'finished'],
    ]);
  });

  it('a run killed on one machine is re-queued by an agent still working on the sweep', async () => {
    const store = new MemoryStore();
    const sweep = await sweepOf(
      store,
      grid().replace('temperature: { values: [2, 4] }', 'temperature: { values: [2, 4] }\n  fake_sleep_ms: { value: 20 }'),
    );
    const controller = new AbortController();
    const stopped = runAgent({
      store,
      sweep: sweep.id,
      signal: controller.signal,
      isolation: 'inline',
      ...fast,
      onRunEnd: () => setTimeout(() => controller.abort(), 10),
    });
    // the first agent is stopped 10 ms into its second run (each takes 3 × 20 ms)
    const other = runAgent({ store, sweep: sweep.id, isolation: 'inline', ...fast });
    await Promise.all([stopped, other]);
    const runs = await store.listRuns({ sweep: sweep.id });
    const killed = runs.filter((r) => r.state === 'killed');
    expect(killed).toHaveLength(1);
    expect(new Set(runs.filter((r) => r.state === 'finished').map((r) => r.key)).size).toBe(8);
    for (const k of killed) expect(runs.some((r) => r.key === k.key && r.attempt === k.attempt! + 1 && r.state === 'finished')).toBe(true);
    expect((await store.getSweep(sweep.id))?.state).toBe('finished');
  });

  it('a run whose heartbeat went stale is marked crashed and its config retried', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    const sweep = await sweepOf(store, grid());
    const ghost = await store.claimRun(sweep.id, 'ghost-agent');
    now += 120_000; // the ghost never heartbeats again
    await runAgent({ store, sweep: sweep.id, staleMs: 60_000, isolation: 'inline', ...fast });
    const runs = await store.listRuns({ sweep: sweep.id });
    expect(runs.find((r) => r.id === ghost!.id)?.state).toBe('crashed');
    expect(runs.filter((r) => r.key === ghost!.key).map((r) => [r.attempt, r.state])).toEqual([
      [1, 'crashed'],
      [2, 'finished'],
    ]);
    expect(byState(runs)).toEqual({ finished: 8, crashed: 1 });
  });

  it('an agent whose run was declared crashed elsewhere stops training it and drops its result', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    const sweep = await sweepOf(
      store,
      grid().replace('temperature: { values: [2, 4] }', 'fake_sleep_ms: { value: 30 }').replace('epochs: 3', 'epochs: 8'),
    );
    const logger = new LocalLogger();
    const agentDone = runAgent({ store, sweep: sweep.id, staleMs: 600_000, isolation: 'inline', count: 2, logger, ...fast });
    let victim: RunRecord | undefined;
    while (!victim) {
      await new Promise((r) => setTimeout(r, 10));
      victim = (await store.listRuns({ sweep: sweep.id })).find((r) => r.state === 'running');
    }
    now += 3_600_000; // as if this agent had been suspended for an hour
    const marked = await store.markStaleRunsCrashed(60_000, { sweep: sweep.id, maxRetries: 0 });
    expect(marked.map((r) => r.id)).toEqual([victim.id]);
    const summary = await agentDone;
    const after = await store.getRun(victim.id);
    expect(after?.state).toBe('crashed');
    expect(after!.history!.length).toBeLessThan(8);
    expect(summary.states).toEqual({ finished: 1 });
    expect(logger.warns).toContain(
      `run ${victim.name}: its heartbeat went stale and another agent marked it crashed; its result is dropped`,
    );
  });

  it('metric.target ends a random sweep at the first run that reaches it', async () => {
    const store = new MemoryStore();
    const sweep = await sweepOf(
      store,
      `name: t
method: random
trainer: fake
run_cap: 50
metric: { name: eval/accuracy, goal: maximize, target: 0.8 }
parameters:
  x: { min: -2.0, max: 3.0 }
`,
    );
    await runAgent({ store, sweep: sweep.id, isolation: 'inline', ...fast });
    const runs = await store.listRuns({ sweep: sweep.id });
    const values = runs.map((r) => r.summary['eval/accuracy'] as number);
    expect(values.filter((v) => v >= 0.8)).toHaveLength(1);
    expect(values[values.length - 1]).toBeGreaterThanOrEqual(0.8);
    expect(runs.length).toBeLessThan(50);
    expect((await store.getSweep(sweep.id))?.state).toBe('finished');
  });

  it('names a missing sweep', async () => {
    await expect(runAgent({ store: new MemoryStore(), sweep: 'nope' })).rejects.toThrow('no sweep "nope" in memory:');
  });
});
