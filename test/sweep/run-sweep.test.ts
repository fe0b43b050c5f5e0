import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { LocalLogger } from '../../src/log/logger.js';
import { MemoryStore } from '../../src/storage/memory.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { createSweep, findOrCreateSweep, runLine, runSweep } from '../../src/sweep/run-sweep.js';
import { sweepProgress } from '../../src/sweep/status.js';

const GRID = 'name: g\nmethod: grid\ntrainer: fake\nparameters:\n  x: { values: [0.2, 0.5, 0.9] }\n';
const config = (yaml = GRID) => parseSweepConfig(yaml, 'g.yaml');

describe('createSweep', () => {
  it('enqueues every grid point, and gives a taken name the first free suffix', async () => {
    const store = new MemoryStore();
    const first = await createSweep(store, config());
    expect(first.name).toBe('g');
    expect((await store.listRuns({ sweep: first.id })).map((r) => [r.name, r.params.x, r.state])).toEqual([
      ['g-1', 0.2, 'pending'],
      ['g-2', 0.5, 'pending'],
      ['g-3', 0.9, 'pending'],
    ]);
    expect((await createSweep(store, config())).name).toBe('g-2');
    expect((await createSweep(store, config())).name).toBe('g-3');
  });
});

describe('findOrCreateSweep', () => {
  it('creates the sweep when none of its name exists', async () => {
    const store = new MemoryStore();
    const logger = new LocalLogger();
    const sweep = await findOrCreateSweep(store, config(), logger);
    expect(sweep.name).toBe('g');
    expect(logger.infos).toEqual([`created sweep g (${sweep.id}): grid, every grid point runs`]);
  });

  it('resumes the sweep of the same name and identical configuration, setting it running again', async () => {
    const store = new MemoryStore();
    const sweep = await createSweep(store, config());
    const [run] = await store.listRuns({ sweep: sweep.id });
    await store.claimRun(sweep.id, 'w');
    await store.finishRun(run.id, { state: 'finished', summary: { 'eval/accuracy': 0.9 } });
    await store.setSweepState(sweep.id, 'finished');
    const logger = new LocalLogger();
    const again = await findOrCreateSweep(store, config(), logger);
    expect(again.id).toBe(sweep.id);
    expect(logger.infos).toEqual([`resuming sweep g (${sweep.id}): 1 run already done`]);
    expect((await store.getSweep(sweep.id))?.state).toBe('running');
    // Grid points are enqueued once: resuming adds none.
    expect(await store.listRuns({ sweep: sweep.id })).toHaveLength(3);
  });

  it('keeps a sweep of the same name with another configuration, creating a suffixed one', async () => {
    const store = new MemoryStore();
    await createSweep(store, config());
    const logger = new LocalLogger();
    const other = await findOrCreateSweep(store, config(GRID.replace('0.9', '0.8')), logger);
    expect(other.name).toBe('g-2');
    expect(logger.infos[0]).toBe('sweep g exists with a different configuration; creating g-2');
    expect((await store.listRuns({ sweep: 'g' })).map((r) => r.params.x)).toEqual([0.2, 0.5, 0.9]);
    expect((await store.listRuns({ sweep: 'g-2' })).map((r) => r.params.x)).toEqual([0.2, 0.5, 0.8]);
  });
});

describe('runLine', () => {
  it("names the sweep and run, its state and metric (or error), and the sweep's best so far", async () => {
    const store = new MemoryStore();
    const sweep = await createSweep(store, config());
    const [a, b] = await store.listRuns({ sweep: sweep.id });
    await store.claimRun(sweep.id, 'w');
    const done = await store.finishRun(a.id, { state: 'finished', summary: { 'eval/accuracy': 0.91234 } });
    await store.claimRun(sweep.id, 'w');
    const failed = await store.finishRun(b.id, { state: 'failed', error: 'boom' });
    const p = sweepProgress(sweep, await store.listRuns({ sweep: sweep.id }));
    expect(runLine(p, done)).toBe('g: run g-1 finished eval/accuracy=0.9123, best 0.9123');
    expect(runLine(p, failed)).toBe('g: run g-2 failed (boom), best 0.9123');
  });
});

describe('runSweep', () => {
  it('refuses a memory: store, which agent processes cannot share', async () => {
    await expect(runSweep(new MemoryStore(), config(), { storeUrl: 'memory:', agents: 1 })).rejects.toThrow(
      new UsageError('a memory: store cannot be shared by agent processes; use a SQLite file or PostgreSQL'),
    );
  });
  it('refuses a number of agents below one', async () => {
    await expect(runSweep(new MemoryStore(), config(), { storeUrl: 'memory:', agents: 0 })).rejects.toThrow(
      new UsageError('--agents must be a positive integer, got 0'),
    );
  });
});
