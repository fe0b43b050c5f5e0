import { describe, expect, it } from 'vitest';
import { EXIT_INTERRUPTED } from '../../src/commands/context.js';
import { rerun } from '../../src/commands/rerun.js';
import { UsageError } from '../../src/errors.js';
import { MemoryStore } from '../../src/storage/memory.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { createSweep } from '../../src/sweep/run-sweep.js';
import { createTestContext, lendStore } from '../helpers/context.js';

async function seeded(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const config = parseSweepConfig(
    'name: kl\nmethod: random\ntrainer: fake\nrun_cap: 3\nparameters:\n  x: { distribution: uniform, min: 0, max: 1 }\n',
    'kl.yaml',
  );
  const sweep = await createSweep(store, config);
  await store.addRuns(
    sweep.id,
    [0.2, 0.5, 0.9].map((x) => ({
      params: { x, seed: 0 },
      state: 'finished' as const,
      summary: { 'eval/accuracy': 1 - Math.abs(x - 0.5) },
    })),
  );
  return store;
}

describe('rerun (command)', () => {
  it('names an unknown sweep', async () => {
    const store = await seeded();
    await expect(rerun({ sweeps: ['nope'], top: 1, seeds: 2 }, createTestContext({ openStore: lendStore(store) }))).rejects.toThrow(
      UsageError,
    );
  });
  it('enqueues the re-runs and returns 130 when interrupted before training them', async () => {
    const store = await seeded();
    const context = createTestContext({ openStore: lendStore(store) });
    context.interrupt();
    expect(await rerun({ sweeps: ['kl'], top: 2, seeds: 2, isolation: 'inline', html: false }, context)).toBe(EXIT_INTERRUPTED);
    const reruns = await store.listRuns({ sweep: 'kl-rerun' });
    expect(reruns.map((r) => [r.params.x, r.params.seed, r.state])).toEqual([
      [0.5, 1000, 'pending'],
      [0.5, 1001, 'pending'],
      [0.2, 1000, 'pending'],
      [0.2, 1001, 'pending'],
    ]);
    expect(context.logger.infos.at(-1)).toBe('interrupted: run the same command again to resume the re-runs');
  });
});
