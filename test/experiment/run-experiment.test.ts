import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../../src/experiment/config.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';
import { createTestContext } from '../helpers/context.js';

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
let store: Store;
const fixedDate = () => new Date('2026-01-02T03:04:05Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdlab-experiment-'));
  storeUrl = `sqlite:${join(dir, 'runs.db')}`;
  store = await openStore(storeUrl);
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('runExperiment end to end (fake trainer, SQLite store)', () => {
  const tables: string[] = [];
  const common = () => ({
    storeUrl,
    agents: 2,
    isolation: 'inline' as const,
    out: join(dir, 'reports'),
    reportDate: fixedDate,
    stdout: (t: string) => void tables.push(t),
    clock: () => 0,
  });
  const context = () => {
    const c = createTestContext();
    return { context: c, logger: c.logger, progress: c.progress() };
  };

  it('runs every sweep to its run cap, shows progress and writes the report over exactly its sweeps', async () => {
    const config = await parseExperimentConfig(EXPERIMENT, join(dir, 'tiny.yaml'));
    const { context: c, logger, progress } = context();
    const outcome = await runExperiment(store, config, { ...common(), logger, progress });
    expect(outcome.interrupted).toBe(false);
    expect(outcome.report?.exitCode).toBe(0);
    expect(outcome.sweeps.map((s) => s.name)).toEqual(['kl', 'plain']);

    for (const name of ['kl', 'plain']) {
      const runs = await store.listRuns({ sweep: name });
      expect(runs.map((r) => r.state)).toEqual(Array(5).fill('finished'));
      expect(new Set(runs.map((r) => r.params.learning_rate)).size).toBe(5);
      expect((await store.getSweep(name))?.state).toBe('finished');
    }
    // One overall progress: a step per run of either sweep, its line naming the sweep.
    expect(c.progressLines).toHaveLength(10);
    expect(c.progressLines.filter((l) => /^kl: run kl-\d finished eval\/accuracy=0\.\d{4}, best 0\.\d{4}$/.test(l))).toHaveLength(5);
    expect(c.progressLines.filter((l) => /^plain: run plain-\d finished /.test(l))).toHaveLength(5);
    expect(logger.infos).toContainEqual(expect.stringMatching(/^created sweep kl \(\S+\): random, 5 runs$/));

    // The report: tables on stdout, an archive with both groups and the comparison against kl.
    const printed = tables.join('');
    expect(printed).toMatch(/kl/);
    expect(printed).toMatch(/report: .*index\.html/);
    const archives = (await readdir(join(dir, 'reports'), { withFileTypes: true })).filter((e) => e.isDirectory());
    expect(archives).toHaveLength(1);
    const results = JSON.parse(await readFile(join(dir, 'reports', archives[0].name, 'results.json'), 'utf8')) as {
      groups: { name: string; n: number }[];
      group: string;
      baseline: string;
      alternative: string;
      comparisons: { a: string; b: string }[];
    };
    expect(results.groups.map((g: { name: string }) => g.name).sort()).toEqual(['kl', 'plain']);
    expect(results.groups.every((g: { n: number }) => g.n === 5)).toBe(true);
    expect(results.group).toBe('sweep'); // the store holds only this experiment: no sweep filter in the labels
    expect(results.baseline).toBe('kl');
    expect(results.alternative).toBe('greater');
    expect(results.comparisons.map((c: { a: string; b: string }) => [c.a, c.b])).toEqual([['plain', 'kl']]);
  });

  it('resumes: a second call trains nothing new and reports again', async () => {
    const config = await parseExperimentConfig(EXPERIMENT, join(dir, 'tiny.yaml'));
    const { context: c, logger, progress } = context();
    await runExperiment(store, config, { ...common(), html: false, logger, progress });
    expect(logger.infos).toContainEqual(expect.stringMatching(/^resuming sweep kl \(\S+\): 5 runs already done$/));
    expect(c.progressLines).toEqual([]);
    expect((await store.listRuns()).length).toBe(10);
  });

  it('keeps a sweep whose configuration changed, and runs the new one under a suffixed name', async () => {
    const changed = await parseExperimentConfig(EXPERIMENT.replace('run_cap: 5', 'run_cap: 6'), join(dir, 'tiny.yaml'));
    const { logger, progress } = context();
    const outcome = await runExperiment(store, changed, { ...common(), html: false, logger, progress });
    expect(outcome.sweeps.map((s) => s.name)).toEqual(['kl-2', 'plain-2']);
    expect(logger.infos).toContain('sweep kl exists with a different configuration; creating kl-2');
    expect((await store.listRuns({ sweep: 'kl' })).length).toBe(5);
    expect((await store.listRuns({ sweep: 'kl-2', states: ['finished'] })).length).toBe(6);
    // The report compares the new sweeps, kl-2 keeping kl's role as the baseline.
    expect(tables.join('')).toMatch(/plain-2 .*kl-2|kl-2 .*plain-2/);
  });

  it('stops when its signal aborts, before training anything, and says how to resume', async () => {
    const config = await parseExperimentConfig(EXPERIMENT.replace('seed: 3', 'seed: 4'), join(dir, 'other.yaml'));
    const { logger, progress } = context();
    const outcome = await runExperiment(store, config, { ...common(), html: false, logger, progress, signal: AbortSignal.abort() });
    expect(outcome.interrupted).toBe(true);
    expect(outcome.report).toBeUndefined();
    expect(logger.infos.at(-1)).toMatch(/^interrupted: run the same command again to resume/);
    expect(await store.listRuns({ sweep: outcome.sweeps[0].id, states: ['finished'] })).toEqual([]);
  });
  it('refuses a memory: store before the teacher or any run, as its report could not read it back', async () => {
    const config = await parseExperimentConfig(EXPERIMENT, join(dir, 'tiny.yaml'));
    const memory = await openStore('memory:');
    const { context: c, logger } = context();
    try {
      await expect(runExperiment(memory, config, { ...common(), storeUrl: 'memory:', logger })).rejects.toThrow(
        /^the report reads the run store again, which a memory: store cannot offer/,
      );
      expect(await memory.listSweeps()).toEqual([]);
      expect(c.err()).toBe('');
    } finally {
      await memory.close();
    }
  });
});
