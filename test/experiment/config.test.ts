import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseExperimentConfig } from '../../src/experiment/config.js';
import { DataError } from '../../src/errors.js';

const noFiles = (path: string): Promise<string> => Promise.reject(new Error(`unexpected read of ${path}`));

/** The DataError's one line, or a failure when parsing succeeds. */
async function errorOf(text: string, read = noFiles): Promise<string> {
  try {
    await parseExperimentConfig(text, 'exp.yaml', read);
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return (err as Error).message;
  }
  throw new Error('expected a DataError');
}

// The shipped experiments (fixtures/experiments) are checked in test/train/experiments.test.ts.

describe('experiment defaults', () => {
  const text = [
    'dataset: digits',
    'method: random',
    'run_cap: 7',
    'parameters:',
    '  epochs: { value: 3 }',
    '  learning_rate: { values: [0.1, 0.01] }',
    'sweeps:',
    '  - { name: a, loss: ce }',
    '  - { name: b, loss: kl-temperature, method: grid, epochs: 5, parameters: { learning_rate: { values: [0.5] } } }',
  ].join('\n');
  it("fill in what a sweep leaves out; a sweep's own keys win", async () => {
    const c = await parseExperimentConfig(text, 'exp.yaml', noFiles);
    const [a, b] = c.sweeps;
    expect([a.method, a.runCap, b.method, b.runCap]).toEqual(['random', 7, 'grid', 7]);
    expect(a.space.params.map((p) => p.name)).toEqual(['epochs', 'learning_rate']);
    expect(b.fixed.epochs).toBe(5); // fixed by the sweep: the shared `epochs` parameter yields
    expect(b.space.params.map((p) => [p.name, p.values])).toEqual([['learning_rate', [0.5]]]);
    expect(c.name).toBe('exp');
    expect(c.report).toEqual({
      alternative: 'two-sided',
      metric: { name: 'eval/accuracy', goal: 'maximize' },
      adjust: 'holm',
      alpha: 0.05,
    });
  });
  it("passes report.pair_by and report.where to the report, in the report flags' form", async () => {
    const base = 'dataset: digits\nmethod: random\nsweeps:\n  - { name: a, loss: ce, parameters: {} }\n';
    const one = await parseExperimentConfig(base + 'report: { pair_by: seed, where: "epochs>2" }\n', 'exp.yaml', noFiles);
    expect([one.report.pairBy, one.report.where]).toEqual(['seed', ['epochs>2']]);
    const many = await parseExperimentConfig(base + 'report: { pair_by: [dataset, seed], where: [a=1, b~x] }\n', 'exp.yaml', noFiles);
    expect([many.report.pairBy, many.report.where]).toEqual(['dataset,seed', ['a=1', 'b~x']]);
    expect(await errorOf(base + 'report: { pair_by: 3 }\n')).toMatch(/^exp\.yaml:5:\d+: report\.pair_by: /);
  });
  it('reads sweep files relative to the experiment file', async () => {
    const read = (path: string) => {
      expect(path).toBe('/data/sweeps/kl.yaml');
      return Promise.resolve('loss: kl-temperature\nparameters:\n  temperature: { values: [2, 4] }\n');
    };
    const c = await parseExperimentConfig('dataset: digits\nmethod: grid\nsweeps:\n  - sweeps/kl.yaml\n', '/data/exp.yaml', read);
    expect(c.sweeps[0].name).toBe('kl');
    expect(c.sweeps[0].method).toBe('grid');
  });
});

describe('experiment config errors name the key and its file:line:column', () => {
  it('an unknown top-level key, with a near miss', async () => {
    expect(await errorOf('dataset: digits\nsweps: []\nsweeps: [a.yaml]\n')).toMatch(
      /^exp\.yaml:2:1: sweps: unknown key \(did you mean "sweeps"\?\)/,
    );
  });
  it('a missing sweeps list', async () => {
    expect(await errorOf('dataset: digits\n')).toBe('exp.yaml:1:1: sweeps: is required (expected array)');
  });
  it('a bad value inside an inline sweep, prefixed with its place in the experiment', async () => {
    const text = 'dataset: digits\nsweeps:\n  - name: a\n    loss: kl-temprature\n    method: random\n    parameters: {}\n';
    expect(await errorOf(text)).toMatch(
      /^exp\.yaml:4:11: sweeps\.0\.loss: "kl-temprature" is not one of .* \(did you mean "kl-temperature"\?\)$/,
    );
  });
  it('a bad parameter range inside an inline sweep', async () => {
    const text =
      'dataset: digits\nmethod: random\nsweeps:\n  - name: a\n    loss: ce\n    parameters:\n      learning_rate: { min: 1, max: 0.1 }\n';
    expect(await errorOf(text)).toBe('exp.yaml:7:37: sweeps.0.parameters.learning_rate.max: min (1) must be below max (0.1)');
  });
  it('a bad key in a referenced sweep file, located in that file', async () => {
    const read = () => Promise.resolve('loss: ce\nparameters:\n  lerning_rate: { value: 1 }\n');
    expect(await errorOf('dataset: digits\nmethod: random\nsweeps:\n  - other.yaml\n', read)).toMatch(
      /other\.yaml:3:3: parameters\.lerning_rate: unknown training parameter \(did you mean "learning_rate"\?\)/,
    );
  });
  it('a baseline that is not one of the sweeps', async () => {
    expect(
      await errorOf('dataset: digits\nmethod: random\nsweeps:\n  - { name: a, loss: ce, parameters: {} }\nreport:\n  baseline: b\n'),
    ).toBe('exp.yaml:6:13: report.baseline: "b" is not a sweep of this experiment (did you mean "a"?); sweeps: a');
  });
  it('a sweep with its own dataset (the experiment trains one teacher)', async () => {
    expect(
      await errorOf('dataset: digits\nmethod: random\nsweeps:\n  - { name: a, loss: ce, dataset: fashion-mnist, parameters: {} }\n'),
    ).toMatch(/^exp\.yaml:4:26: sweeps\.0\.dataset: differs from the experiment's dataset/);
  });
  it('two sweeps of one name', async () => {
    expect(
      await errorOf(
        'dataset: digits\nmethod: random\nsweeps:\n  - { name: a, loss: ce, parameters: {} }\n  - { name: a, loss: ce, parameters: {} }\n',
      ),
    ).toBe('exp.yaml:5:5: sweeps.1: two sweeps are named "a"; give each sweep its own name');
  });
  it('an out-of-range report option', async () => {
    expect(
      await errorOf('dataset: digits\nmethod: random\nreport: { alpha: 2 }\nsweeps:\n  - { name: a, loss: ce, parameters: {} }\n'),
    ).toBe('exp.yaml:3:18: report.alpha: must be < 1, got 2');
  });
  it('broken YAML', async () => {
    expect(await errorOf('dataset: digits\nsweeps: [\n')).toMatch(/^exp\.yaml:\d+:\d+: invalid YAML/);
  });
});

describe('shared keys are checked by the sweep validator, located at the top level', () => {
  it('a bad teacher key', async () => {
    expect(await errorOf('dataset: digits\nteacher: { hiden: [8] }\nmethod: random\nsweeps:\n  - { name: a, loss: ce }\n')).toMatch(
      /^exp\.yaml:2:12: teacher\.hiden: unknown key \(did you mean "hidden"\?\)/,
    );
  });
  it('an unknown dataset', async () => {
    expect(await errorOf('dataset: digit\nmethod: random\nsweeps:\n  - { name: a, loss: ce }\n')).toMatch(/^exp\.yaml:1:10: dataset: /);
  });
});

describe('fuzz', () => {
  const sweep = fc.oneof(
    fc.constant('other.yaml'),
    fc.dictionary(
      fc.constantFrom('name', 'loss', 'method', 'parameters', 'dataset', 'epochs', 'x'),
      fc.oneof(
        fc.constantFrom<unknown>('ce', 'random', 'grid', 'digits', { temperature: { values: [1, 2] } }),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      { maxKeys: 4 },
    ),
  );
  const key = fc.oneof(
    fc.constantFrom('name', 'dataset', 'teacher', 'method', 'metric', 'run_cap', 'seed', 'trainer', 'parameters', 'report'),
    fc.string({ maxLength: 6 }),
  );
  const value = fc.oneof(
    fc.constantFrom<unknown>('digits', 'random', { baseline: 'ce' }, { epochs: { value: 1 } }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const read = () => Promise.resolve('loss: ce\nparameters:\n  epochs: { value: 1 }\n');

  it('any mapping yields an experiment or one DataError line, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 5 }), fc.array(sweep, { maxLength: 3 }), async (data, sweeps) => {
        let text: string;
        try {
          text = stringify({ ...data, sweeps });
        } catch {
          return; // not representable as YAML
        }
        try {
          await parseExperimentConfig(text, 'exp.yaml', read);
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as DataError).message).toMatch(/^[^\n]+$/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
