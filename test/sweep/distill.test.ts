/**
 * The distill trainer behind the sweep machinery: a two-point digits grid, each run in its own
 * worker process with TensorFlow.js, the teacher trained once (prepareTrainer) and read from the
 * cache by every run.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../src/storage/memory.js';
import { enqueueGrid, prepareTrainer, runAgent } from '../../src/sweep/agent.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { LocalLogger } from '../../src/log/logger.js';

describe('a digits sweep with the distill trainer', () => {
  it('trains each run in a worker and records summary, history and backend', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kdlab-distill-'));
    const config = parseSweepConfig(
      `name: kd
method: grid
dataset: digits
teacher: { hidden: [32], epochs: 3 }
cache_dir: ${cache}
backend: cpu
loss: kl-temperature
epochs: 2
batch_size: 32
student_hidden: 16
learning_rate: 0.01
parameters:
  temperature: { values: [2, 4] }
`,
      join(cache, 'kd.yaml'),
    );
    const store = new MemoryStore();
    const sweep = await store.createSweep({
      name: config.name,
      method: config.method,
      metric: config.metric,
      config: config.raw,
      seed: config.seed,
    });
    await enqueueGrid({ store, sweep, config });
    const logger = new LocalLogger();
    await prepareTrainer(config.trainer, config.trainerSettings, logger);
    // The teacher's epochs reach the agent's log from the preparing process: every one under --debug,
    // none in the normal log for a teacher of a few seconds.
    expect(logger.debugs.filter((l) => l.startsWith('teacher epoch '))).toHaveLength(3);
    expect(logger.debugs.find((l) => l.startsWith('teacher epoch 1: '))).toMatch(/eval\/accuracy \d\.\d{4}/);
    expect(logger.infos.filter((l) => l.startsWith('teacher epoch '))).toEqual([]);
    await runAgent({ store, sweep: sweep.id, heartbeatMs: 200, logger });
    const runs = await store.listRuns({ sweep: sweep.id, withHistory: true });
    expect(runs.map((r) => [r.params.temperature, r.state])).toEqual([
      [2, 'finished'],
      [4, 'finished'],
    ]);
    for (const r of runs) {
      expect(r.backend).toBe('cpu');
      expect(r.history?.map((h) => h.epoch)).toEqual([1, 2]);
      const acc = r.summary['eval/accuracy']!;
      expect(acc).toBeGreaterThan(0.2); // ten classes: chance is 0.1
      expect(acc).toBeLessThanOrEqual(1);
      expect(typeof r.summary['test/accuracy']).toBe('number');
    }
  }, 120_000);
});
