import { describe, expect, it } from 'vitest';
import { agent } from '../../src/commands/agent.js';
import { EXIT_INTERRUPTED } from '../../src/commands/context.js';
import { UsageError } from '../../src/errors.js';
import { MemoryStore } from '../../src/storage/memory.js';
import { createSweep } from '../../src/sweep/run-sweep.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { createTestContext, lendStore } from '../helpers/context.js';

const YAML = 'method: grid\ntrainer: fake\nepochs: 2\nparameters:\n  x: { values: [0.2, 0.5, 0.9] }\n';

describe('agent (command)', () => {
  it('runs COUNT runs of the sweep and sums them up', async () => {
    const store = new MemoryStore();
    const sweep = await createSweep(store, parseSweepConfig(YAML, 'g.yaml'));
    const context = createTestContext({ openStore: lendStore(store) });
    // Each run trains in a worker process (dist/sweep/worker.js) with the fake trainer.
    expect(await agent({ sweep: sweep.id, count: 2, trainer: 'fake' }, context)).toBe(0);
    expect(context.logger.infos.at(-1)).toMatch(/^agent \S+: 2 runs \(2 finished\)$/);
    expect((await store.listRuns({ sweep: sweep.id, states: ['finished'] })).length).toBe(2);
  });
  it('returns 130 when interrupted before it starts, training nothing', async () => {
    const store = new MemoryStore();
    const sweep = await createSweep(store, parseSweepConfig(YAML, 'g.yaml'));
    const context = createTestContext({ openStore: lendStore(store) });
    context.interrupt();
    expect(await agent({ sweep: sweep.id }, context)).toBe(EXIT_INTERRUPTED);
    expect((await store.listRuns({ sweep: sweep.id, states: ['pending'] })).length).toBe(3);
  });
  it('names an unknown sweep', async () => {
    await expect(agent({ sweep: 'nope', store: 'memory:' }, createTestContext())).rejects.toThrow(UsageError);
    await expect(agent({ sweep: 'nope', store: 'memory:' }, createTestContext())).rejects.toThrow(/^no sweep "nope" in memory:/);
  });
});
