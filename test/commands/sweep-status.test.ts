import { describe, expect, it } from 'vitest';
import { sweepStatus } from '../../src/commands/sweep-status.js';
import { UsageError } from '../../src/errors.js';
import { MemoryStore } from '../../src/storage/memory.js';
import { createTestContext, lendStore } from '../helpers/context.js';

const CONFIG = { method: 'grid', trainer: 'fake', parameters: { x: { values: [0.2, 0.5, 0.9] } } };

async function seeded(): Promise<MemoryStore> {
  const store = new MemoryStore();
  await store.createSweep({ name: 'g', method: 'grid', metric: { name: 'eval/accuracy', goal: 'maximize' }, config: CONFIG });
  await store.addRuns('g', [
    { params: { x: 0.2 }, name: 'g-1', state: 'finished', summary: { 'eval/accuracy': 0.9 } },
    { params: { x: 0.5 }, name: 'g-2', state: 'finished', summary: { 'eval/accuracy': 0.95 } },
    { params: { x: 0.9 }, name: 'g-3' },
  ]);
  return store;
}

describe('sweepStatus', () => {
  it("prints the sweep's row and its best run's params", async () => {
    const store = await seeded();
    const context = createTestContext({ openStore: lendStore(store) });
    expect(await sweepStatus({ sweep: 'g' }, context)).toBe(0);
    const [header, row, blank, best] = context.out().split('\n');
    expect(header).toMatch(/^sweep\s+method\s+state\s+done\/total\s+running\s+failed\s+crashed\s+pruned\s+best$/);
    expect(row).toMatch(/^g\s+grid\s+running\s+2\/3\s+0\s+0\s+0\s+0\s+eval\/accuracy=0\.9500$/);
    expect([blank, best]).toEqual(['', 'best run g-2: {"x":0.5}']);
  });
  it('names an unknown sweep', async () => {
    const store = await seeded();
    await expect(sweepStatus({ sweep: 'nope' }, createTestContext({ openStore: lendStore(store) }))).rejects.toThrow(UsageError);
  });
});
