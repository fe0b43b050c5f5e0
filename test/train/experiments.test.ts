import { describe, expect, it } from 'vitest';
import { loadExperimentConfig } from '../../src/experiment/config.js';
import type { ExperimentConfig } from '../../src/experiment/config.js';

const fixture = (name: string) => loadExperimentConfig(new URL(`../../fixtures/experiments/${name}.yaml`, import.meta.url).pathname);
const param = (c: ExperimentConfig, sweep: number, name: string) => c.sweeps[sweep].space.params.find((p) => p.name === name);

/** Every sweep runs the same seeds, one run per seed (grid), so runs pair by seed across sweeps. */
function expectPairedBySeed(c: ExperimentConfig, atLeast: number): void {
  const seeds = c.sweeps.map((_, i) => param(c, i, 'seed'));
  for (const s of seeds) {
    expect(s).toMatchObject({ distribution: 'categorical' });
    expect(s).toEqual(seeds[0]);
  }
  const values = seeds[0]?.values ?? [];
  expect(new Set(values).size).toBe(values.length);
  expect(values.length).toBeGreaterThanOrEqual(atLeast);
  for (const s of c.sweeps) expect(s.method).toBe('grid');
}

describe('the shipped experiments', () => {
  it('demo: labels-only vs three distillation losses on digits with 100 labels, ten shared seeds, every pair Holm-adjusted', async () => {
    const c = await fixture('demo');
    expect(c.sweeps.map((s) => [s.name, s.fixed.loss])).toEqual([
      ['labels-only', 'ce'],
      ['kl-temperature', 'kl-temperature'],
      ['cosine-temperature', 'cosine-temperature'],
      ['cosine-scaling', 'cosine-scaling'],
    ]);
    expectPairedBySeed(c, 10);
    for (let i = 0; i < c.sweeps.length; i++) {
      expect(c.sweeps[i].trainerSettings.dataset).toBe('digits');
      expect(param(c, i, 'labelled')).toMatchObject({ distribution: 'constant', value: 100 });
    }
    expect(c.sweeps[3].fixed.k).toBe(0.5);
    expect(c.description).toMatch(/100 digits/);
    expect(c.report.baseline).toBeUndefined();
    expect(c.report).toMatchObject({ alternative: 'two-sided', adjust: 'holm', alpha: 0.05, metric: { name: 'test/accuracy' } });
  });

  it('hinton: labels vs distilled (T = 4 and T = 1) on Fashion-MNIST, a CNN teacher, ten shared seeds, one-sided against labels', async () => {
    const c = await fixture('hinton');
    expect(c.sweeps.map((s) => [s.name, s.fixed.loss, s.fixed.temperature])).toEqual([
      ['labels', 'ce', undefined],
      ['distilled', 'kl-temperature', 4],
      ['distilled-t1', 'kl-temperature', 1],
    ]);
    expectPairedBySeed(c, 10);
    expect(c.trainerSettings).toMatchObject({ dataset: 'fashion-mnist', teacher: { arch: 'cnn', conv_filters: 32, hidden: [256] } });
    expect(c.report).toMatchObject({ baseline: 'labels', alternative: 'greater', metric: { name: 'test/accuracy' } });
  });

  it("seed: the seed's three sweeps, Bayesian, with Hinton et al.'s MLP teacher", async () => {
    const c = await fixture('seed');
    expect(c.sweeps.map((s) => [s.name, s.method, s.fixed.loss])).toEqual([
      ['temperature', 'bayes', 'kl-temperature'],
      ['cosine-scaling-fixed-k', 'bayes', 'cosine-scaling'],
      ['cosine-temperature', 'bayes', 'cosine-temperature'],
    ]);
    expect(c.sweeps[1].fixed.k).toBe(0.5);
    expect(c.trainerSettings.teacher).toMatchObject({ hidden: [1200, 1200], dropout: 0.3 });
    expect(c.trainerSettings.teacher?.arch).toBeUndefined();
    expect(c.report.baseline).toBe('temperature');
  });
});
