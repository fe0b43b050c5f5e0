/** rerun over a store whose sweeps an experiment filled first (fake trainer, inline, SQLite). */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../src/analysis/model.js';
import { parseExperimentConfig } from '../../src/experiment/config.js';
import { rerun, rerunConfig, sharedSeeds } from '../../src/experiment/rerun.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { createTestContext } from '../helpers/context.js';

const EXPERIMENT = `
name: tiny
dataset: digits
trainer: fake
method: random
run_cap: 5
seed: 3
parameters:
  epochs: { value: 2 }
  fake_noise: { value: 0.02 }
  learning_rate: { distribution: log_uniform_values, min: 0.001, max: 0.1 }
sweeps:
  - name: kl
    loss: kl-temperature
    parameters: { temperature: { distribution: uniform, min: 1, max: 10 } }
  - name: plain
    loss: ce
`;

let dir: string;
let storeUrl: string;
let store: Store;
const fixedDate = () => new Date('2026-01-02T03:04:05Z');
const common = () => ({
  storeUrl,
  agents: 2,
  isolation: 'inline' as const,
  out: join(dir, 'reports'),
  reportDate: fixedDate,
  clock: () => 0,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdlab-rerun-'));
  storeUrl = `sqlite:${join(dir, 'runs.db')}`;
  store = await openStore(storeUrl);
  const config = await parseExperimentConfig(EXPERIMENT, join(dir, 'tiny.yaml'));
  await runExperiment(store, config, { ...common(), html: false, stdout: () => {} });
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('rerun', () => {
  it('rerun: re-trains the top configurations with fresh shared seeds and pairs the comparisons', async () => {
    const c = createTestContext();
    const { logger } = c;
    const progress = c.progress();
    const out: string[] = [];
    const outcome = await rerun(store, ['kl', 'plain'], {
      ...common(),
      stdout: (t) => void out.push(t),
      top: 2,
      seeds: 3,
      baseline: 'kl',
      alternative: 'greater',
      html: false,
      logger,
      progress,
    });
    expect(outcome.plans.map((p) => [p.rerunSweep, p.runs.length])).toEqual([
      ['kl-rerun', 6],
      ['plain-rerun', 6],
    ]);
    expect(outcome.plans[0].seeds).toEqual([1000, 1001, 1002]);
    // One overall progress over both re-run sweeps: a step per re-run.
    expect(c.progressLines).toHaveLength(12);
    expect(c.progressLines.filter((l) => l.startsWith('kl-rerun: run '))).toHaveLength(6);
    const r = outcome.result!;
    for (const s of r.sweeps) {
      expect(s.configs.map((c) => c.rerun.n)).toEqual([3, 3]);
      // The selected value was the best of 5; the same configuration on other seeds is an honest estimate.
      expect(Number.isFinite(s.best.optimism)).toBe(true);
    }
    expect(r.comparisons).toHaveLength(1);
    expect(r.comparisons[0]).toMatchObject({ a: 'plain', b: 'kl', test: 'paired', nA: 3, nB: 3, df: 2 });
    expect(out.join('')).toMatch(/^winner's curse: eval\/accuracy \(maximize\), top 2 per sweep × 3 fresh seeds/);
    expect(out.join('')).toMatch(
      /On fresh seeds, plain is (not shown to be )?higher in eval\/accuracy than kl \(paired t-test over shared seeds/,
    );

    // Resumable and idempotent: the same call adds no runs.
    const again = await rerun(store, ['kl', 'plain'], {
      ...common(),
      stdout: () => {},
      top: 2,
      seeds: 3,
      baseline: 'kl',
    });
    expect(again.result!.sweeps[0].best.rerun.mean).toBe(r.sweeps[0].best.rerun.mean);
    // Its report carries the winner's-curse section: one row per re-run configuration, and the comparison.
    const archives = (await readdir(join(dir, 'reports'), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const html = await readFile(join(dir, 'reports', archives[archives.length - 1], 'index.html'), 'utf8');
    const section = html.slice(
      html.indexOf('<section id="winners-curse">'),
      html.indexOf('</section>', html.indexOf('<section id="winners-curse">')),
    );
    expect(section).toContain('data-testid="winners-curse"');
    expect(section.match(/<tr><th scope="row" class="text">(kl|plain)<\/th>/g)).toHaveLength(4);
    expect(section).toContain('On fresh seeds, plain is');
    expect(section).toContain('seeds 1000, 1001, 1002');
    // One test everywhere: the report's headline is the same paired t-test, on the same per-seed means.
    const results = JSON.parse(await readFile(join(dir, 'reports', archives[archives.length - 1], 'results.json'), 'utf8')) as ResultsJson;
    const wc = again.result!.comparisons[0];
    expect(results.comparisons[0].headlineTest).toBe('paired');
    expect(results.comparisons[0].paired!.pvalue).toBeCloseTo(wc.pvalue, 12);
    expect(results.comparisons[0].paired!.df).toBe(wc.df);
    expect((await store.listRuns({ sweep: 'kl-rerun' })).length).toBe(6);
    const params = (await store.listRuns({ sweep: 'kl-rerun' })).map((x) => x.params.seed);
    expect(params.sort()).toEqual([1000, 1000, 1001, 1001, 1002, 1002]);
  });

  it('rerun names an unknown sweep with a near miss', async () => {
    await expect(rerun(store, ['kll'], { ...common(), top: 1, seeds: 2 })).rejects.toThrow(/unknown sweep "kll" \(did you mean "kl"\?\)/);
  });

  it('says which sweep holds imported runs, which it cannot re-train', async () => {
    await store.createSweep({ name: 'imported', method: 'import', metric: { name: 'eval/accuracy', goal: 'maximize' }, config: {} });
    await expect(rerun(store, ['imported'], { ...common(), top: 1, seeds: 2 })).rejects.toThrow(
      'sweep imported holds imported runs: kdlab cannot re-train them',
    );
  });

  it('stops when its signal aborts, before the analysis', async () => {
    const outcome = await rerun(store, ['kl', 'plain'], { ...common(), top: 2, seeds: 3, html: false, signal: AbortSignal.abort() });
    expect(outcome.interrupted).toBe(true);
    expect(outcome.result).toBeUndefined();
  });
});

describe('rerunConfig', () => {
  it("keeps what to train and on what, and searches nothing: the plan's runs are its run cap", async () => {
    const kl = (await store.getSweep('kl'))!;
    const plan = { sweep: 'kl', rerunSweep: 'kl-rerun', seeds: [1000, 1001], configs: [{}], runs: [{}, {}] };
    const cfg = rerunConfig(kl, plan as never);
    expect(cfg).toMatchObject({ name: 'kl-rerun', method: 'random', parameters: {}, run_cap: 2, trainer: 'fake', loss: 'kl-temperature' });
    expect(cfg).not.toHaveProperty('early_terminate');
  });
});

describe('sharedSeeds (the re-run report pairs by seed when every sweep re-runs the same seeds)', () => {
  it('is true only for two or more plans with the same seeds in the same order', () => {
    expect(sharedSeeds([{ seeds: [11, 12] }, { seeds: [11, 12] }])).toBe(true);
    expect(sharedSeeds([{ seeds: [11, 12] }, { seeds: [11, 13] }])).toBe(false);
    expect(sharedSeeds([{ seeds: [11, 12] }, { seeds: [11] }])).toBe(false);
    expect(sharedSeeds([{ seeds: [11, 12] }])).toBe(false);
  });
});
