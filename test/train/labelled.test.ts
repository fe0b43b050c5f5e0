import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createTrainer } from '../../src/train/index.js';
import { selectBackend } from '../../src/train/backend.js';
import type { KdTrainer } from '../../src/train/index.js';
import { chooseLabelled } from '../../src/train/data/dataset.js';
import { cycledOrder, hardWeights, toDevice, trainLoop } from '../../src/train/fit.js';
import { crossEntropy } from '../../src/train/losses/ce.js';
import type { LossFn } from '../../src/train/losses/types.js';
import { Mlp } from '../../src/train/model/mlp.js';
import { resolveParams } from '../../src/train/params.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { ttestRel } from '../../src/stats/ttest-rel.js';
import { createRng } from '../../src/util/rng.js';

/** A seeded stream of uniforms in [0, 1). */
function draws(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

describe('chooseLabelled', () => {
  const labels = (n: number, classes: number) => Int32Array.from({ length: n }, (_, i) => (i * 7) % classes);

  it('takes exactly N distinct rows, balanced across classes, the same for a seed and different across seeds', () => {
    const y = labels(500, 10);
    const a = chooseLabelled(y, 10, 100, draws(1));
    expect(a.length).toBe(100);
    expect(new Set(a).size).toBe(100);
    const perClass = new Array<number>(10).fill(0);
    for (const r of a) perClass[y[r]]++;
    expect(perClass).toEqual(new Array<number>(10).fill(10));
    expect(chooseLabelled(y, 10, 100, draws(1))).toEqual(a);
    expect(chooseLabelled(y, 10, 100, draws(2))).not.toEqual(a);
  });

  it('any budget: N sorted distinct rows, no class ahead of another by more than one unless it ran out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 0, max: 1000 }),
        (ys, count, seed) => {
          const y = Int32Array.from(ys);
          const rows = chooseLabelled(y, 5, count, draws(seed));
          expect(rows.length).toBe(Math.min(count, y.length));
          for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
          const taken = new Array<number>(5).fill(0);
          const avail = new Array<number>(5).fill(0);
          for (const r of rows) taken[y[r]]++;
          for (const c of ys) avail[c]++;
          const most = Math.max(...taken);
          for (let c = 0; c < 5; c++) expect(taken[c] >= most - 1 || taken[c] === avail[c]).toBe(true);
        },
      ),
    );
  });
});

describe('hardWeights and cycledOrder', () => {
  it('weights the labelled rows of a batch m / m_l and the others 0, so the hard term is their mean', () => {
    const isLabelled = Uint8Array.from([1, 0, 0, 1, 0]);
    expect(Array.from(hardWeights(isLabelled, Int32Array.from([0, 1, 2, 3])))).toEqual([2, 0, 0, 2]);
    expect(Array.from(hardWeights(isLabelled, Int32Array.from([1, 2])))).toEqual([0, 0]);
  });

  it('fills an epoch of n rows from the subset alone, each subset row once per pass', () => {
    const rows = Int32Array.from([3, 8, 9]);
    const order = cycledOrder(rows, 7, draws(4));
    expect(order.length).toBe(7);
    expect([...order.subarray(0, 3)].sort()).toEqual([3, 8, 9]);
    expect([...order.subarray(3, 6)].sort()).toEqual([3, 8, 9]);
    expect([3, 8, 9]).toContain(order[6]);
  });
});

describe('trainLoop with a label budget', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });
  // Row r's "teacher logit" 0 is r itself, so a spy loss can tell which rows each batch held and which carried labels.
  const n = 40;
  const classes = 3;
  const y = Int32Array.from({ length: n }, (_, i) => i % classes);
  const x = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i));
  const teacher = Float32Array.from({ length: n * classes }, (_, i) => (i % classes === 0 ? i / classes : 0));

  async function spy(labelsOnly: boolean, labelled: Int32Array) {
    const train = toDevice({ x, y, n }, 2, classes);
    const t = tf.tensor2d(teacher, [n, classes]);
    const seen = new Set<number>();
    const withLabels = new Set<number>();
    const loss: LossFn = (s, tt, yy) => {
      const ids = tt.slice([0, 0], [-1, 1]).dataSync();
      const w = tf.sum(yy, 1).dataSync();
      ids.forEach((id, j) => {
        seen.add(id);
        if (w[j] > 0) withLabels.add(id);
      });
      return crossEntropy(s, yy);
    };
    const model = Mlp.init({ kind: 'mlp', inputs: 2, hidden: [4], outputs: classes }, 0);
    const out = await trainLoop({
      model,
      train,
      validation: train,
      teacherLogits: t,
      loss,
      lossOptions: { wHard: 1, wSoft: 0, temperature: 1, k: 0 },
      learningRate: 0.01,
      batchSize: 8,
      epochs: 2,
      seed: 3,
      labelled,
      labelsOnly,
    });
    model.dispose();
    t.dispose();
    tf.dispose([train.x, train.y, train.oneHot]);
    return { seen, withLabels, samples: out.samples };
  }

  it('distillation: batches cover every row (the transfer set); labels reach only the N labelled rows', async () => {
    const labelled = Int32Array.from([2, 5, 11, 17, 30]);
    const r = await spy(false, labelled);
    expect(r.seen.size).toBe(n);
    expect([...r.withLabels].sort((a, b) => a - b)).toEqual([...labelled]);
  });

  it('ce: batches hold the N labelled rows only, as many steps per epoch as a distilled student', async () => {
    const labelled = Int32Array.from([1, 4, 9]);
    const r = await spy(true, labelled);
    expect([...r.seen].sort((a, b) => a - b)).toEqual([...labelled]);
    expect([...r.withLabels].sort((a, b) => a - b)).toEqual([...labelled]);
    expect(r.samples).toBe(2 * n);
  });
});

describe('the labelled parameter', () => {
  it('is accepted by sweep YAML, fixed at the top level or searched under parameters', () => {
    const fixed = parseSweepConfig('method: grid\nlabelled: 100\nparameters:\n  seed: { values: [1, 2] }\n');
    expect(fixed.fixed.labelled).toBe(100);
    const searched = parseSweepConfig('method: grid\nparameters:\n  labelled: { values: [50, 100] }\n');
    expect(searched.space.params.find((p) => p.name === 'labelled')).toMatchObject({ values: [50, 100] });
    expect(() => parseSweepConfig('method: grid\nlabelled: 0\nparameters: {}\n')).toThrow(/labelled/);
  });

  it('is optional (all rows), an integer ≥ 1 otherwise', () => {
    expect(resolveParams({}).labelled).toBeUndefined();
    expect(resolveParams({ labelled: '100' }).labelled).toBe(100);
    expect(() => resolveParams({ labelled: 0 })).toThrow('labelled must be ≥ 1, got 0');
    expect(() => resolveParams({ labelled: 2.5 })).toThrow('labelled must be an integer, got 2.5');
  });
});

describe('distillation on digits with 100 labels (the fidelity check of the training module)', () => {
  // Hinton et al. (2015): with few labels, soft targets from a teacher trained on all of them, over
  // every training input, beat the labels alone. Tiny student, few epochs; the teacher trains once.
  const cacheDir = mkdtempSync(join(tmpdir(), 'kdlab-labelled-'));
  let trainer: KdTrainer;
  beforeAll(async () => {
    trainer = await createTrainer({ dataset: 'digits', cacheDir, backend: 'wasm' });
  });
  afterAll(() => trainer?.dispose());

  const seeds = [1, 2, 3, 4, 5];
  const settings = { labelled: 100, epochs: 4, student_hidden: 16, learning_rate: 0.01 };

  it('records the budget with the run: N when set, every training row when not, and the same N rows for a seed', async () => {
    const a = await trainer.fit({ ...settings, loss: 'ce', epochs: 1, seed: 7 });
    const b = await trainer.fit({ ...settings, loss: 'ce', epochs: 1, seed: 7 });
    expect(a.params.labelled).toBe(100);
    expect(b.summary['test/accuracy']).toBe(a.summary['test/accuracy']);
    const all = await trainer.fit({ loss: 'ce', epochs: 1, student_hidden: 4, seed: 7 });
    expect(all.params.labelled).toBe(trainer.data.train);
    await expect(trainer.fit({ labelled: trainer.data.train + 1, epochs: 1 })).rejects.toThrow(/training split has only/);
  });

  it('kl-temperature beats labels-only, one-sided paired t-test by seed at α = 0.05', async () => {
    const acc = async (loss: string) => {
      const out: number[] = [];
      for (const seed of seeds) out.push((await trainer.fit({ ...settings, loss, seed })).summary['test/accuracy']);
      return out;
    };
    const labelsOnly = await acc('ce');
    const distilled = await acc('kl-temperature');
    const t = ttestRel(distilled, labelsOnly, { alternative: 'greater' });
    expect(t.meanDifference).toBeGreaterThan(0);
    expect(t.pvalue).toBeLessThan(0.05);
  });
});
