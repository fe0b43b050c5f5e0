import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { runsLogs } from '../../src/commands/runs-logs.js';
import { MemoryStore } from '../../src/storage/memory.js';
import { createTestContext } from '../helpers/context.js';

async function storeWithRuns() {
  const store = new MemoryStore();
  await store.createSweep({ name: 's', method: 'grid', metric: { name: 'acc', goal: 'maximize' }, config: {} });
  const a = await store.addRun('s', { params: { x: 1 }, name: 's-1', state: 'running' });
  await store.finishRun(a.id, { state: 'failed', error: 'python3 exited with code 3', log: 'loading\nTraceback: boom\n' });
  const b = await store.addRun('s', { params: { x: 2 }, name: 's-2', state: 'running' });
  await store.finishRun(b.id, { state: 'finished', summary: { acc: 1 } });
  // The command opens and closes its store; hand it this one and keep it open for the next call.
  const context = createTestContext({
    openStore: () => Promise.resolve(Object.assign(Object.create(store) as MemoryStore, { close: () => Promise.resolve() })),
  });
  return { store, a, b, context };
}

describe('kdlab runs logs', () => {
  it("prints a failed run's log on stdout and why it failed on stderr, by id or by name", async () => {
    const { a, context } = await storeWithRuns();
    expect(await runsLogs({ run: a.id }, context)).toBe(0);
    expect(await runsLogs({ run: 's-1', sweep: 's' }, context)).toBe(0);
    expect(context.out()).toBe('loading\nTraceback: boom\n'.repeat(2));
    expect(context.err()).toBe('run s-1 failed: python3 exited with code 3\n'.repeat(2));
  });

  it('says when a run has no log', async () => {
    const { context } = await storeWithRuns();
    expect(await runsLogs({ run: 's-2' }, context)).toBe(0);
    expect(context.out()).toBe('');
    expect(context.err()).toBe('run s-2 has no log (only runs of a sweep program keep one)\n');
  });

  it('an unknown run is a usage error naming the store', async () => {
    const { context } = await storeWithRuns();
    const err = await runsLogs({ run: 'nope' }, context).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('no run "nope" in memory:; `kdlab runs export` lists run ids');
  });
});
