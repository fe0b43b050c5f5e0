import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../../src/experiment/config.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { rerun } from '../../src/experiment/rerun.js';
import { openStore } from '../../src/storage/open-store.js';
import { LocalLogger } from '../../src/log/logger.js';
import { DataError } from '../../src/errors.js';

// A tiny experiment on the `fake` trainer (a deterministic objective plus seeded noise): the real
// config, store, agents, report and re-run code, without TensorFlow.
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
report: { baseline: kl, alternative: greater, title: tiny experiment }
`;

let dir: string;
let storeUrl: string;
const fixedDate = () => new Date('2026-01-02T03:04:05Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdlab-experiment-'));
  storeUrl = `sqlite:${join(dir, 'runs.db')}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runExperiment end to end (fake trainer, SQLite store)', () => {
  const tables: string[] = [];
  const common = () => ({
    store: storeUrl,
    agents: 2,
    isolation: 'inline' as const,
    out: join(dir, 'reports'),
    reportDate: fixedDate,
    stdout: (t: string) => void tables.push(t),
    clock: () => 0,
  });

  it('runs every sweep to its run cap, shows progress and writes the report over exactly its sweeps', async () => {
    const config = await parseExperimentConfig(EXPERIMENT, join(dir, 'tiny.yaml'));
    const logger = new LocalLogger();
    const outcome = await runExperiment(config, { ...common(), logger });
    expect(outcome.interrupted).toBe(false);
    expect(outcome.report?.exitCode).toBe(0);
    expect(outcome.sweeps.map((s) => s.name)).toEqual(['kl', 'plain']);

    const store = await openStore(storeUrl);
    try {
      for (const name of ['kl', 'plain']) {
        const runs = await store.listRuns({ sweep: name });
        expect(runs.map((r) => r.state)).toEqual(Array(5).fill('finished'));
        expect(new Set(runs.map((r) => r.params.learning_rate)).size).toBe(5);
        expect((await store.getSweep(name))?.state).toBe('finished');
      }
    } finally {
      await store.close();
    }
    // One progress line per run, naming the sweep and its count.
    expect(logger.infos.filter((l) => /^\[kl \d\/5 · 0s\] run \S+ finished eval\/accuracy=/.test(l))).toHaveLength(5);
    expect(logger.infos.filter((l) => /^\[plain \d\/5 · 0s\] run /.test(l))).toHaveLength(5);
    expect(logger.infos).toContain('created sweep kl (random, 5 runs)');

    // The report: tables on stdout, an archive with both groups and the comparison against kl.
    const printed = tables.join('');
    expect(printed).toMatch(/kl/);
    expect(printed).toMatch(/report: .*index\.html/);
    const archives = (await readdir(join(dir, 'reports'), { withFileTypes: true })).filter((e) => e.isDirectory());
    expect(archives).toHaveLength(1);
    const results = JSON.parse(await readFile(join(dir, 'reports', archives[0].name, 'results.json'), 'utf8'));
    expect(results.groups.map((g: { name: string }) => g.name).sort()).toEqual(['kl', 'plain']);
    expect(results.groups.every((g: { n: number }) => g.n === 5)).toBe(true);
    expect(results.group).toBe('sweep'); // the store holds only this experiment: no sweep filter in the labels
    expect(results.baseline).toBe('kl');
    expect(results.alternative).toBe('greater');
    expect(results.comparisons.map((c: { a: string; b: string }) => [c.a, c.b])).toEqual([['plain', 'kl']]);
  });

  it('resumes: a second call trains nothing new and reports again', async () => {
    const config = await parseExperimentConfig(EXPERIMENT, join(dir, 'tiny.yaml'));
    const logger = new LocalLogger();
    await runExperiment(config, { ...common(), html: false, logger });
    expect(logger.infos).toContain('resuming sweep kl: 5 runs already done');
    expect(logger.infos.some((l) => l.startsWith('[kl '))).toBe(false);
    const store = await openStore(storeUrl);
    try {
      expect((await store.listRuns()).length).toBe(10);
    } finally {
      await store.close();
    }
  });

  it('refuses to resume a sweep whose configuration changed', async () => {
    const changed = await parseExperimentConfig(EXPERIMENT.replace('run_cap: 5', 'run_cap: 6'), join(dir, 'tiny.yaml'));
    await expect(runExperiment(changed, { ...common(), html: false, logger: new LocalLogger() })).rejects.toThrow(DataError);
    await expect(runExperiment(changed, { ...common(), html: false, logger: new LocalLogger() })).rejects.toThrow(
      /sweep "kl" already exists in .* with a different configuration/,
    );
  });

  it('rerun: re-trains the top configurations with fresh shared seeds and pairs the comparisons', async () => {
    const logger = new LocalLogger();
    const out: string[] = [];
    const outcome = await rerun(['kl', 'plain'], {
      ...common(),
      stdout: (t) => void out.push(t),
      top: 2,
      seeds: 3,
      baseline: 'kl',
      alternative: 'greater',
      html: false,
      logger,
    });
    expect(outcome.plans.map((p) => [p.rerunSweep, p.runs.length])).toEqual([
      ['kl-rerun', 6],
      ['plain-rerun', 6],
    ]);
    expect(outcome.plans[0].seeds).toEqual([1000, 1001, 1002]);
    const r = outcome.result!;
    for (const s of r.sweeps) {
      expect(s.configs.map((c) => c.rerun.n)).toEqual([3, 3]);
      // The selected value was the best of 5; the same configuration on other seeds is an honest estimate.
      expect(Number.isFinite(s.best.optimism)).toBe(true);
    }
    expect(r.comparisons).toHaveLength(1);
    expect(r.comparisons[0]).toMatchObject({ a: 'plain', b: 'kl', test: 'paired', nA: 6, nB: 6, df: 5 });
    expect(out.join('')).toMatch(/^winner's curse: eval\/accuracy \(maximize\), top 2 per sweep × 3 fresh seeds/);
    expect(out.join('')).toMatch(
      /On fresh seeds, plain is (not shown to be )?higher in eval\/accuracy than kl \(paired t-test over shared seeds/,
    );

    // Resumable and idempotent: the same call adds no runs.
    const again = await rerun(['kl', 'plain'], {
      ...common(),
      stdout: () => {},
      top: 2,
      seeds: 3,
      baseline: 'kl',
      logger: new LocalLogger(),
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
    const store = await openStore(storeUrl);
    try {
      expect((await store.listRuns({ sweep: 'kl-rerun' })).length).toBe(6);
      const params = (await store.listRuns({ sweep: 'kl-rerun' })).map((x) => x.params.seed);
      expect(params.sort()).toEqual([1000, 1000, 1001, 1001, 1002, 1002]);
    } finally {
      await store.close();
    }
  });

  it('rerun names an unknown sweep with a near miss', async () => {
    await expect(rerun(['kll'], { ...common(), top: 1, seeds: 2, logger: new LocalLogger() })).rejects.toThrow(
      /unknown sweep "kll" \(did you mean "kl"\?\)/,
    );
  });
});
