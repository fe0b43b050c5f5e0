/**
 * The Store contract, run over every engine (Optuna's STORAGE_MODES): what one engine passes,
 * all must. PostgreSQL runs when KDLAB_TEST_PG is set (CI sets it).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StorageError, UsageError } from '../../src/errors.js';
import type { Store } from '../../src/storage/store.js';
import { RunClosedError } from '../../src/storage/store.js';
import { fakeClock, STORE_MODES, type StoreLocation } from './helpers.js';

const metric = { name: 'eval/accuracy', goal: 'maximize' } as const;
const newSweep = (name = 'kl-temperature') => ({
  name,
  method: 'grid' as const,
  metric,
  config: { method: 'grid', parameters: { t: { values: [1, 2] } } },
  seed: 7,
});

describe.each(STORE_MODES)('Store contract: $name', (mode) => {
  let loc: StoreLocation;
  let store: Store;
  let clock: ReturnType<typeof fakeClock>;

  beforeEach(async (ctx) => {
    if (mode.skip) ctx.skip(mode.skip);
    clock = fakeClock();
    loc = await mode.fresh();
    store = await loc.open({ now: clock.now });
  });
  afterEach(async () => {
    if (mode.skip) return;
    await store.close();
    await loc.dispose();
  });

  describe('sweeps', () => {
    it('creates a sweep that reads back by id and by name', async () => {
      const s = await store.createSweep(newSweep());
      expect(s).toMatchObject({
        name: 'kl-temperature',
        method: 'grid',
        metric,
        seed: 7,
        state: 'running',
        createdAt: new Date(clock.now()).toISOString(),
      });
      expect(await store.getSweep(s.id)).toEqual(s);
      expect(await store.getSweep('kl-temperature')).toEqual(s);
      expect((await store.getSweep(s.id))!.config).toEqual(newSweep().config);
      expect(await store.getSweep('nope')).toBeUndefined();
    });
    it('lists sweeps in creation order, even within one millisecond', async () => {
      // Same millisecond: the order is the store's insertion order, not the clock's or the ids'.
      for (const name of ['m', 'b', 'z', 'a']) await store.createSweep(newSweep(name));
      expect((await store.listSweeps()).map((s) => s.name)).toEqual(['m', 'b', 'z', 'a']);
    });
    it('rejects a second sweep with the same name', async () => {
      await store.createSweep(newSweep());
      await expect(store.createSweep(newSweep())).rejects.toThrow(/already exists/);
    });
    it('changes a sweep state', async () => {
      await store.createSweep(newSweep());
      await store.setSweepState('kl-temperature', 'finished');
      expect((await store.getSweep('kl-temperature'))!.state).toBe('finished');
      await expect(store.setSweepState('nope', 'finished')).rejects.toThrow(StorageError);
    });
  });

  describe("mode 'read'", () => {
    it('reads what a writer recorded and refuses to write', async (ctx) => {
      if (mode.name === 'memory') ctx.skip('a memory store has nothing to open');
      await store.createSweep(newSweep());
      const reader = await loc.open({ mode: 'read' });
      try {
        expect((await reader.listSweeps()).map((s) => s.name)).toEqual(['kl-temperature']);
        await expect(reader.createSweep(newSweep('other'))).rejects.toThrow();
      } finally {
        await reader.close();
      }
      expect((await store.listSweeps()).map((s) => s.name)).toEqual(['kl-temperature']);
    });

    it('refuses a location that holds no kdlab store, and creates nothing there', async (ctx) => {
      if (mode.name === 'memory') ctx.skip('a memory store has nothing to open');
      const empty = await mode.fresh();
      try {
        const err: unknown = await empty.open({ mode: 'read' }).then(
          (s) => s.close(),
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(
          mode.name === 'sqlite' ? /^no run store at / : / is not a kdlab run store \(it has no kdlab tables\)/,
        );
        // Nothing was created: a writer opening it now starts from an empty store of its own.
        const writer = await empty.open();
        expect(await writer.listSweeps()).toEqual([]);
        await writer.close();
      } finally {
        await empty.dispose();
      }
    });
  });

  describe('importSweep', () => {
    const imported = (i: number) => ({ params: { i }, key: `r${i}`, state: 'finished' as const, summary: { 'eval/accuracy': i / 10 } });
    const importSweep = { ...newSweep('wandb'), method: 'import' as const };

    it('creates the sweep, adds the runs and marks it finished; a second import adds only new runs', async () => {
      const first = await store.importSweep(importSweep, [imported(1), imported(2)]);
      expect(first.sweep).toMatchObject({ name: 'wandb', method: 'import', state: 'finished' });
      expect(first.added.map((r) => r.key)).toEqual(['r1', 'r2']);
      const second = await store.importSweep(importSweep, [imported(2), imported(3)]);
      expect(second.sweep.id).toBe(first.sweep.id);
      expect(second.added.map((r) => r.key)).toEqual(['r3']);
      expect((await store.listSweeps()).map((s) => [s.name, s.state])).toEqual([['wandb', 'finished']]);
      expect((await store.listRuns({ sweep: 'wandb' })).map((r) => r.key)).toEqual(['r1', 'r2', 'r3']);
    });

    it('leaves nothing behind when it fails after writing runs (one transaction)', async () => {
      // Fail right after the runs are written, inside the import: as a kill between statements would.
      const proto = Object.getPrototypeOf(store) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const step = mode.name === 'memory' ? 'addRuns' : 'insertRuns';
      const original = proto[step];
      const spy = vi.spyOn(proto, step).mockImplementationOnce(async function (this: unknown, ...args: unknown[]) {
        await original.apply(this, args);
        throw new Error('killed mid-import');
      });
      try {
        await expect(store.importSweep(importSweep, [imported(1), imported(2)])).rejects.toThrow('killed mid-import');
      } finally {
        spy.mockRestore();
      }
      expect(await store.listSweeps()).toEqual([]);
      expect(await store.listRuns()).toEqual([]);
      // And the same import then succeeds whole.
      expect((await store.importSweep(importSweep, [imported(1)])).added).toHaveLength(1);
    });
  });

  describe('runs', () => {
    beforeEach(async () => {
      if (!mode.skip) await store.createSweep(newSweep());
    });

    it('adds a pending run whose params round-trip with their types and key order', async () => {
      const params = { z: 0.001, a: 'kd', flag: true, none: null, n: 3 };
      const run = await store.addRun('kl-temperature', { params, name: 'r1' });
      expect(run).toMatchObject({ sweep: 'kl-temperature', name: 'r1', state: 'pending', attempt: 1, summary: {} });
      const back = await store.getRun(run.id);
      expect(back!.params).toEqual(params);
      expect(Object.keys(back!.params)).toEqual(['z', 'a', 'flag', 'none', 'n']);
      expect(back!.history).toEqual([]);
      expect(await store.getRun('missing')).toBeUndefined();
    });

    it('adds a finished run (an import) with summary, history and timings', async () => {
      const run = await store.addRun('kl-temperature', {
        params: { t: 2 },
        state: 'finished',
        summary: { 'eval/accuracy': 0.91, loss: Number.NaN },
        history: [
          { epoch: 1, loss: 0.5 },
          { epoch: 2, loss: 0.3 },
        ],
        backend: 'wasm',
        device: 'cpu',
        wallTimeS: 12.5,
        startedAt: '2025-01-01T00:00:00.000Z',
        finishedAt: '2025-01-01T00:00:12.500Z',
      });
      const back = await store.getRun(run.id);
      expect(back).toMatchObject({
        state: 'finished',
        summary: { 'eval/accuracy': 0.91, loss: null },
        backend: 'wasm',
        device: 'cpu',
        wallTimeS: 12.5,
        startedAt: '2025-01-01T00:00:00.000Z',
        finishedAt: '2025-01-01T00:00:12.500Z',
      });
      expect(back!.history).toEqual([
        { epoch: 1, loss: 0.5 },
        { epoch: 2, loss: 0.3 },
      ]);
      await expect(store.appendHistory(run.id, { epoch: 3, loss: 0.1 })).rejects.toBeInstanceOf(RunClosedError);
    });

    it('rejects runs for an unknown sweep and bad input', async () => {
      await expect(store.addRun('nope', { params: {} })).rejects.toThrow(/no sweep "nope"/);
      await expect(store.addRun('kl-temperature', { params: {}, state: 'done' as never })).rejects.toThrow(StorageError);
      await expect(store.addRun('kl-temperature', { params: {}, attempt: 0 })).rejects.toThrow(StorageError);
    });

    it('adds a batch in one call, skipping keys already present (grid points enqueued twice)', async () => {
      const grid = [1, 2, 3].map((t, i) => ({ params: { t }, key: String(i) }));
      expect(await store.addRuns('kl-temperature', grid)).toHaveLength(3);
      expect(await store.addRuns('kl-temperature', [...grid, { params: { t: 4 }, key: '3' }])).toHaveLength(1);
      const again = await store.addRun('kl-temperature', { params: { t: 1 }, key: '0' });
      const all = await store.listRuns({ sweep: 'kl-temperature' });
      expect(all.map((r) => r.params.t)).toEqual([1, 2, 3, 4]);
      expect(again.id).toBe(all[0].id);
      // Runs without a key are never deduplicated (random search may repeat a config on purpose).
      await store.addRuns('kl-temperature', [{ params: { t: 1 } }, { params: { t: 1 } }]);
      expect((await store.countRuns()).pending).toBe(6);
    });

    it('never lets first attempts exceed the run cap; retries do not count', async () => {
      const batch = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ params: { i: from + i } }));
      expect(await store.addRuns('kl-temperature', batch(3, 0), { cap: 5 })).toHaveLength(3);
      expect(await store.addRuns('kl-temperature', batch(3, 3), { cap: 5 })).toHaveLength(2);
      expect(await store.addRuns('kl-temperature', batch(1, 6), { cap: 5 })).toHaveLength(0);
      expect(await store.addRuns('kl-temperature', [{ params: { i: 0 }, attempt: 2 }], { cap: 5 })).toHaveLength(1);
      expect((await store.countRuns({ sweep: 'kl-temperature' })).pending).toBe(6);
    });

    it('lists and counts runs by sweep and state, in insertion order, history only on request', async () => {
      await store.createSweep(newSweep('other'));
      const [a, b] = await store.addRuns('kl-temperature', [{ params: { t: 1 } }, { params: { t: 2 } }]);
      await store.addRun('other', { params: { t: 9 }, state: 'failed', error: 'boom' });
      await store.claimRun('kl-temperature', 'w');
      await store.appendHistory(a.id, { epoch: 1, acc: 0.5 });
      expect((await store.listRuns({ sweep: 'kl-temperature' })).map((r) => r.id)).toEqual([a.id, b.id]);
      expect((await store.listRuns({ sweep: 'kl-temperature', states: ['running'] })).map((r) => r.id)).toEqual([a.id]);
      expect((await store.listRuns({ states: ['failed'] }))[0]).toMatchObject({ sweep: 'other', error: 'boom' });
      expect((await store.listRuns({ sweep: 'kl-temperature' }))[0].history).toBeUndefined();
      const withHistory = await store.listRuns({ sweep: 'kl-temperature', withHistory: true });
      expect(withHistory.map((r) => r.history)).toEqual([[{ epoch: 1, acc: 0.5 }], []]);
      expect(await store.listRuns({ sweep: 'missing' })).toEqual([]);
      expect(await store.listRuns({ states: [] })).toEqual([]);
      expect(await store.countRuns({ sweep: 'kl-temperature' })).toEqual({
        pending: 1,
        running: 1,
        finished: 0,
        failed: 0,
        crashed: 0,
        killed: 0,
        pruned: 0,
      });
      expect((await store.countRuns()).failed).toBe(1);
    });
  });

  describe('life cycle', () => {
    beforeEach(async () => {
      if (!mode.skip) await store.createSweep(newSweep());
    });

    it('claims the oldest pending run for a worker, then none when all are taken', async () => {
      const [a, b] = await store.addRuns('kl-temperature', [{ params: { t: 1 } }, { params: { t: 2 } }]);
      const first = await store.claimRun('kl-temperature', 'host-1:42');
      const now = new Date(clock.now()).toISOString();
      expect(first).toMatchObject({ id: a.id, state: 'running', worker: 'host-1:42', startedAt: now, heartbeatAt: now });
      expect((await store.claimRun('kl-temperature', 'w2'))!.id).toBe(b.id);
      expect(await store.claimRun('kl-temperature', 'w3')).toBeUndefined();
      await expect(store.claimRun('nope', 'w')).rejects.toThrow(StorageError);
    });

    it('records heartbeats and history while running', async () => {
      const run = await store.addRun('kl-temperature', { params: { t: 1 }, state: 'running', worker: 'w' });
      clock.advance(5000);
      await store.heartbeat(run.id);
      await store.appendHistory(run.id, { epoch: 1, 'eval/accuracy': 0.7 });
      await store.appendHistory(run.id, { epoch: 2, 'eval/accuracy': 0.8 });
      const back = await store.getRun(run.id);
      expect(back!.heartbeatAt).toBe(new Date(clock.now()).toISOString());
      expect(back!.history).toEqual([
        { epoch: 1, 'eval/accuracy': 0.7 },
        { epoch: 2, 'eval/accuracy': 0.8 },
      ]);
      await expect(store.heartbeat('missing')).rejects.toThrow(/no run/);
      await expect(store.appendHistory(run.id, { loss: 1 } as never)).rejects.toThrow(/epoch/);
    });

    it('finishes a run with results and wall time from the clock, merging the summary', async () => {
      await store.addRun('kl-temperature', { params: { t: 1 }, summary: { 'train/loss': 0.2 } });
      const run = (await store.claimRun('kl-temperature', 'w'))!;
      clock.advance(2500);
      const done = await store.finishRun(run.id, {
        state: 'finished',
        summary: { 'eval/accuracy': 0.93 },
        backend: 'tensorflow',
        device: 'cuda:0',
      });
      expect(done).toMatchObject({
        state: 'finished',
        summary: { 'train/loss': 0.2, 'eval/accuracy': 0.93 },
        backend: 'tensorflow',
        device: 'cuda:0',
        wallTimeS: 2.5,
        finishedAt: new Date(clock.now()).toISOString(),
      });
      expect(await store.getRun(run.id)).toEqual(done);
    });

    it('keeps finished runs immutable', async () => {
      const run = await store.addRun('kl-temperature', { params: { t: 1 }, state: 'running' });
      const done = await store.finishRun(run.id, { state: 'failed', error: 'out of memory', wallTimeS: 1 });
      await expect(store.finishRun(run.id, { state: 'finished', summary: { 'eval/accuracy': 1 } })).rejects.toBeInstanceOf(RunClosedError);
      await expect(store.heartbeat(run.id)).rejects.toBeInstanceOf(RunClosedError);
      await expect(store.appendHistory(run.id, { epoch: 1, loss: 0 })).rejects.toBeInstanceOf(RunClosedError);
      expect(await store.markStaleRunsCrashed(0)).toEqual([]);
      expect(await store.claimRun('kl-temperature', 'w')).toBeUndefined();
      expect(await store.getRun(run.id)).toEqual(done);
    });

    it("stores a run's log when it finishes, out of run listings, read back unchanged", async () => {
      const run = await store.addRun('kl-temperature', { params: { t: 1 }, state: 'running' });
      expect(await store.getRunLog(run.id)).toBeUndefined();
      const log = 'line 1\nünïcode ✓ \'quotes\' "double"\n\ttab\n'.repeat(200);
      const done = await store.finishRun(run.id, { state: 'failed', error: 'exited with code 3', log });
      expect(await store.getRunLog(run.id)).toBe(log);
      expect(done).not.toHaveProperty('log');
      expect((await store.listRuns({ sweep: 'kl-temperature', withHistory: true }))[0]).not.toHaveProperty('log');
      expect(await store.getRun(run.id)).toEqual(done);
      const other = await store.addRun('kl-temperature', { params: { t: 2 }, state: 'running' });
      await store.finishRun(other.id, { state: 'finished' });
      expect(await store.getRunLog(other.id)).toBeUndefined();
      await expect(store.getRunLog('missing')).rejects.toBeInstanceOf(StorageError);
    });

    it('only finishes with a terminal state, and a pending run can be killed', async () => {
      const run = await store.addRun('kl-temperature', { params: { t: 1 } });
      await expect(store.finishRun(run.id, { state: 'running' })).rejects.toThrow(/terminal state/);
      await expect(store.heartbeat(run.id)).rejects.toBeInstanceOf(RunClosedError);
      expect((await store.finishRun(run.id, { state: 'killed' })).state).toBe('killed');
    });

    it('marks runs with a stale heartbeat crashed and re-enqueues them up to maxRetries', async () => {
      await store.addRuns('kl-temperature', [
        { params: { t: 1 }, key: 'g0' },
        { params: { t: 2 }, key: 'g1' },
      ]);
      const a = (await store.claimRun('kl-temperature', 'dead'))!;
      const b = (await store.claimRun('kl-temperature', 'alive'))!;
      clock.advance(50_000);
      await store.heartbeat(b.id);
      clock.advance(20_000); // a: 70 s silent, b: 20 s
      expect(await store.markStaleRunsCrashed(60_000, { sweep: 'other-or-missing' }).catch((e: unknown) => e)).toBeInstanceOf(StorageError);
      const crashed = await store.markStaleRunsCrashed(60_000, { sweep: 'kl-temperature', maxRetries: 1 });
      expect(crashed.map((r) => [r.id, r.state])).toEqual([[a.id, 'crashed']]);
      expect(crashed[0].error).toMatch(/no heartbeat/);
      expect((await store.getRun(b.id))!.state).toBe('running');
      // The retry keeps params and key, with the next attempt number, and is claimed next.
      const retry = (await store.claimRun('kl-temperature', 'w2'))!;
      expect(retry).toMatchObject({ params: { t: 1 }, key: 'g0', attempt: 2, state: 'running' });
      // A second crash of the same config exceeds maxRetries = 1: no third attempt.
      clock.advance(61_000);
      await store.heartbeat(b.id);
      const again = await store.markStaleRunsCrashed(60_000, { maxRetries: 1 });
      expect(again.map((r) => r.id)).toEqual([retry.id]);
      expect((await store.countRuns()).pending).toBe(0);
      // A late heartbeat from the worker of a crashed run tells it to stop.
      await expect(store.heartbeat(a.id)).rejects.toBeInstanceOf(RunClosedError);
    });

    it('hands each pending run to exactly one of many concurrent claimers', async () => {
      await store.addRuns(
        'kl-temperature',
        Array.from({ length: 30 }, (_, i) => ({ params: { i }, key: String(i) })),
      );
      const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => store.claimRun('kl-temperature', `w${i}`)));
      const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });
  });
});
