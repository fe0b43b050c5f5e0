import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTrainer, liveTensors, loadTeacherModel } from '../../src/train/index.js';
import type { KdTrainer } from '../../src/train/index.js';
import type { EpochLog } from '../../src/domain/run.js';
import { LocalLogger } from '../../src/log/logger.js';

// Small students and few epochs keep this file fast; the teacher is trained once into a temp cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'kdlab-cache-'));
let trainer: KdTrainer;
const logger = new LocalLogger();

beforeAll(async () => {
  trainer = await createTrainer({ dataset: 'digits', cacheDir, backend: 'wasm', logger });
});
afterAll(() => trainer?.dispose());

describe('teacher cache', () => {
  it('trains the teacher once, writes tfjs artifacts and logits, and reads them back next time', async () => {
    expect(trainer.teacher.cached).toBe(false);
    expect(logger.infos.some((m) => m.startsWith('training teacher 64-256-256-10 on digits'))).toBe(true);
    const files = readdirSync(trainer.teacher.dir).sort();
    expect(files).toEqual(['logits.bin', 'meta.json', 'model.json', 'weights.bin']);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
    const modelJson = JSON.parse(readFileSync(join(trainer.teacher.dir, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(trainer.teacher.testAccuracy).toBeGreaterThan(0.9);

    const again = await createTrainer({ dataset: 'digits', cacheDir, backend: 'wasm' });
    try {
      expect(again.teacher.cached).toBe(true);
      expect(again.teacher.key).toBe(trainer.teacher.key);
      expect(again.teacher.testAccuracy).toBe(trainer.teacher.testAccuracy);
    } finally {
      again.dispose();
    }
    const model = await loadTeacherModel(trainer.teacher.dir);
    expect(model.architecture.hidden).toEqual([256, 256]);
    model.dispose();
  });

  it('keys the cache by the teacher definition', async () => {
    const other = await createTrainer({ dataset: 'digits', cacheDir, backend: 'wasm', teacher: { hidden: [16], epochs: 2 } });
    try {
      expect(other.teacher.cached).toBe(false);
      expect(other.teacher.key).not.toBe(trainer.teacher.key);
      expect(other.teacher.epochsTrained).toBeLessThanOrEqual(2);
    } finally {
      other.dispose();
    }
  });
});

describe('CNN teacher', () => {
  it('trains a convolution + pooling teacher on wasm (no conv2d filter gradient needed) and distils from it', async () => {
    const cnn = await createTrainer({
      dataset: 'digits',
      cacheDir,
      backend: 'wasm',
      teacher: { arch: 'cnn', hidden: [32], epochs: 3, learning_rate: 0.01 },
    });
    try {
      expect(cnn.teacher.architecture).toBe('64-conv3x3x16-pool2-32-10');
      expect(cnn.teacher.config).toMatchObject({ arch: 'cnn', conv_kernel: 3, conv_filters: 16 });
      expect(cnn.teacher.testAccuracy).toBeGreaterThan(0.8);
      const r = await cnn.fit({ epochs: 1, student_hidden: 8 });
      expect(Number.isFinite(r.summary['eval/accuracy'])).toBe(true);
    } finally {
      cnn.dispose();
    }
  });
});

describe('fit', () => {
  it('reports each epoch and returns the summary, canonical params, backend and device', async () => {
    const logs: EpochLog[] = [];
    const r = await trainer.fit(
      { loss: 'kl-temperature', epochs: 3, seed: 1, student_hidden: 16, learning_rate: 0.01 },
      { onEpochEnd: (l) => void logs.push(l) },
    );
    expect(logs.map((l) => l.epoch)).toEqual([1, 2, 3]);
    expect(Object.keys(logs[0]).sort()).toEqual(['epoch', 'eval/accuracy', 'eval/loss', 'train/loss']);
    expect(r.history).toEqual(logs);
    expect(r.summary['eval/accuracy']).toBe(logs[2]['eval/accuracy']);
    for (const k of ['eval/accuracy', 'eval/loss', 'test/accuracy', 'test/loss']) expect(Number.isFinite(r.summary[k])).toBe(true);
    expect(r.summary['test/accuracy']).toBeGreaterThan(0.5);
    expect(r.params).toMatchObject({
      loss: 'kl-temperature',
      w_hard: 0.5,
      w_soft: 0.5,
      temperature: 4,
      epochs: 3,
      student_hidden: '16',
      seed: 1,
    });
    expect(r.backend).toBe('wasm');
    expect(r.device).toContain('WebAssembly');
    expect(r.samplesPerSecond).toBeGreaterThan(0);
    expect(r.stoppedEarly).toBe(false);
  });

  it('is deterministic for a seed on the same backend, and the seed matters', async () => {
    const p = { loss: 'cosine-scaling', epochs: 2, seed: 7, student_hidden: 16, k: 0.2 };
    const a = await trainer.fit(p);
    const b = await trainer.fit(p);
    const c = await trainer.fit({ ...p, seed: 8 });
    expect(b.history).toEqual(a.history);
    expect(b.summary).toMatchObject({ 'eval/loss': a.summary['eval/loss'], 'test/loss': a.summary['test/loss'] });
    expect(c.history[1]['train/loss']).not.toBe(a.history[1]['train/loss']);
  });

  it('keeps memory flat: no tensor count growth over epochs or runs', async () => {
    const counts: number[] = [];
    const before = liveTensors();
    await trainer.fit({ loss: 'mse-logits', epochs: 4, student_hidden: '16,8' }, { onEpochEnd: () => void counts.push(liveTensors()) });
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
    expect(liveTensors()).toBe(before);
  });

  it("stops when a callback says 'stop'", async () => {
    const r = await trainer.fit({ loss: 'ce', epochs: 5, student_hidden: 8 }, { onEpochEnd: (l) => (l.epoch === 2 ? 'stop' : undefined) });
    expect(r.history).toHaveLength(2);
    expect(r.stoppedEarly).toBe(true);
  });

  it('rejects with an AbortError when its signal aborts, leaking nothing', async () => {
    const before = liveTensors();
    const ac = new AbortController();
    const run = trainer.fit({ loss: 'ce', epochs: 5, student_hidden: 8 }, { signal: ac.signal, onEpochEnd: () => ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(liveTensors()).toBe(before);
  });

  it('rejects an unknown loss with the valid names', async () => {
    await expect(trainer.fit({ loss: 'cosine-temp' })).rejects.toThrow(
      /unknown loss "cosine-temp" \(did you mean "cosine-temperature"\?\)/,
    );
  });
});

// The slowest test here (a few seconds): distillation must not lose to labels alone on digits.
describe('fidelity (slow)', () => {
  it('the kl-temperature student is on average at least as accurate as the ce student over 3 seeds', async () => {
    const mean = async (loss: string) => {
      let sum = 0;
      for (const seed of [1, 2, 3])
        sum += (await trainer.fit({ loss, epochs: 20, learning_rate: 0.01, student_hidden: 32, temperature: 4, seed })).summary[
          'eval/accuracy'
        ];
      return sum / 3;
    };
    const [ce, kd] = [await mean('ce'), await mean('kl-temperature')];
    expect(kd).toBeGreaterThanOrEqual(ce);
  });
});
