import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/errors.js';
import { PARAM_NAMES } from '../../src/domain/param-name.js';
import { SWEEP_METHODS } from '../../src/domain/sweep.js';
import { loadSweepConfig, parseSweepConfig } from '../../src/sweep/config.js';
import { TRAINER_NAMES } from '../../src/sweep/trainers.js';

const base = `method: random
metric:
  name: eval/accuracy
  goal: maximize
parameters:
  learning_rate:
    distribution: log_uniform_values
    min: 0.0001
    max: 0.1
`;

function errorOf(text: string, file = 'sweep.yaml'): DataError {
  try {
    parseSweepConfig(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseSweepConfig', () => {
  it('accepts a W&B sweep as written, with kdlab keys and fixed params', () => {
    const cfg = parseSweepConfig(
      `${base}  temperature:
    values: [1, 2, 4]
  w_hard:
    min: 0.0
    max: 1.0
run_cap: 8
early_terminate:
  type: hyperband
  min_iter: 2
  eta: 3
program: train.py
dataset: digits
teacher: { hidden: [128, 64], epochs: 5 }
loss: kl-temperature
epochs: 4
seed: 7
`,
      'kl.yaml',
    );
    expect(cfg.name).toBe('kl');
    expect(cfg.method).toBe('random');
    expect(cfg.metric).toEqual({ name: 'eval/accuracy', goal: 'maximize' });
    expect(cfg.runCap).toBe(8);
    expect(cfg.seed).toBe(7);
    expect(cfg.fixed).toEqual({ loss: 'kl-temperature', epochs: 4 });
    expect(cfg.trainerSettings.teacher).toEqual({ hidden: [128, 64], epochs: 5 });
    expect(cfg.earlyTerminate).toEqual({ type: 'hyperband', minIter: 2, maxIter: undefined, s: 3, eta: 3, strict: false });
    expect(cfg.space.params.map((p) => [p.name, p.distribution])).toEqual([
      ['learning_rate', 'log_uniform_values'],
      ['temperature', 'categorical'],
      ['w_hard', 'uniform'],
    ]);
  });

  it('infers distributions as W&B does', () => {
    const cfg = parseSweepConfig(`method: random
parameters:
  epochs: { value: 3 }
  batch_size: { min: 16, max: 128 }
  w_hard: { min: 0, max: 1.0, q: 0.25 }
  temperature: { mu: 4, sigma: 1 }
  loss: { values: [ce, kl-temperature] }
`);
    expect(Object.fromEntries(cfg.space.params.map((p) => [p.name, p.distribution]))).toEqual({
      epochs: 'constant',
      batch_size: 'int_uniform',
      w_hard: 'q_uniform',
      temperature: 'normal',
      loss: 'categorical',
    });
  });

  it('names an unknown top-level key with its line and column and a near miss', () => {
    const e = errorOf(`${base}run_cpa: 3\n`);
    expect(e.message).toBe(
      'sweep.yaml:10:1: run_cpa: unknown key (did you mean "run_cap"?); remove it or use one of: ' + e.message.split('use one of: ')[1],
    );
    expect(e.location).toEqual({ file: 'sweep.yaml', line: 10, column: 1 });
  });

  it('names an unknown key inside a parameter', () => {
    const e = errorOf(`${base}    maxx: 3\n`);
    expect(e.message).toMatch(/^sweep\.yaml:10:5: parameters\.learning_rate\.maxx: unknown key \(did you mean "max"\?\)/);
  });

  it('points at a bad value', () => {
    const e = errorOf(base.replace('max: 0.1', 'max: lots'));
    expect(e.message).toBe('sweep.yaml:9:10: parameters.learning_rate.max: expected number, got "lots"');
  });

  it('suggests the method meant', () => {
    const e = errorOf(base.replace('method: random', 'method: randm'));
    expect(e.message).toBe('sweep.yaml:1:9: method: "randm" is not one of grid, random, bayes (did you mean "random"?)');
  });

  it('rejects a misspelt training parameter for the distill trainer', () => {
    const e = errorOf(base.replace('learning_rate:', 'learnig_rate:'));
    expect(e.message).toMatch(/^sweep\.yaml:6:3: parameters\.learnig_rate: unknown training parameter \(did you mean "learning_rate"\?\)/);
  });

  it('accepts any parameter name for the fake trainer', () => {
    expect(parseSweepConfig(`method: grid\ntrainer: fake\nparameters:\n  x: { values: [1, 2] }\n`).space.params[0].name).toBe('x');
  });

  it('rejects fields that do not apply to the distribution', () => {
    const e = errorOf(base.replace('max: 0.1', 'max: 0.1\n    values: [1, 2]'));
    expect(e.message).toMatch(/^sweep\.yaml:10:5: parameters\.learning_rate\.values: does not apply to distribution log_uniform_values/);
  });

  it('rejects min ≥ max and non-positive log bounds', () => {
    expect(errorOf(base.replace('min: 0.0001', 'min: 0.5')).message).toMatch(
      /^sweep\.yaml:9:10: parameters\.learning_rate\.max: min \(0\.5\) must be below max \(0\.1\)/,
    );
    expect(errorOf(base.replace('min: 0.0001', 'min: 0')).message).toMatch(
      /parameters\.learning_rate\.min: log_uniform_values takes the values themselves/,
    );
  });

  it('rejects probabilities that do not sum to 1', () => {
    const e = errorOf(`method: random\nparameters:\n  temperature:\n    values: [1, 2]\n    probabilities: [0.5, 0.6]\n`);
    expect(e.message).toBe('sweep.yaml:5:5: parameters.temperature.probabilities: probabilities must sum to 1, they sum to 1.1');
  });

  it('rejects a continuous parameter in a grid', () => {
    const e = errorOf(base.replace('method: random', 'method: grid'));
    expect(e.message).toMatch(/^sweep\.yaml:6:3: parameters\.learning_rate: grid search needs discrete values/);
  });

  it('rejects a param both fixed and searched', () => {
    const e = errorOf(`${base}learning_rate: 0.01\n`);
    expect(e.message).toMatch(/parameters\.learning_rate: is both fixed at the top level and searched/);
  });

  it('reports duplicate keys and YAML syntax errors with positions', () => {
    expect(errorOf(`${base}method: grid\n`).message).toMatch(/^sweep\.yaml:10:1: invalid YAML: Map keys must be unique/);
    expect(errorOf('method: [grid\n').location?.line).toBeGreaterThanOrEqual(1);
  });

  it('requires method and parameters', () => {
    expect(errorOf('parameters: {}\n').message).toMatch(/^sweep\.yaml:1:1: method: is required/);
  });

  it('validates hyperband settings', () => {
    expect(errorOf(`${base}early_terminate: { type: hyperband, eta: 3 }\n`).message).toMatch(
      /early_terminate: hyperband needs min_iter or max_iter/,
    );
    expect(errorOf(`${base}early_terminate: { type: hyperband, min_iter: 1, eta: 1 }\n`).message).toMatch(/early_terminate\.eta: /);
  });

  it('loads a file and resolves a CSV dataset beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-config-'));
    const file = join(dir, 'csv.yaml');
    writeFileSync(file, `${base}dataset: { csv: data/train.csv, label: y }\n`);
    const cfg = await loadSweepConfig(file);
    expect(cfg.trainerSettings.dataset).toEqual({ csv: join(dir, 'data/train.csv'), label: 'y' });
    await expect(loadSweepConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml: cannot read sweep config/);
  });
});

describe('stored configs', () => {
  it('keep their inferred distributions when validated again (uniform written as 0.0 stays uniform)', async () => {
    const { validateSweepConfig } = await import('../../src/sweep/config.js');
    const cfg = parseSweepConfig(`method: random\nparameters:\n  w_hard: { min: 0.0, max: 1.0 }\n`, 'w.yaml');
    const again = validateSweepConfig(JSON.parse(JSON.stringify(cfg.raw)) as Record<string, unknown>);
    expect(again.space).toEqual(cfg.space);
    expect(again.space.params[0].distribution).toBe('uniform');
  });
});

describe('layer sizes', () => {
  it('become the canonical string "128,64", fixed or searched', () => {
    const cfg = parseSweepConfig(`method: grid\nstudent_hidden: [128, 64]\nparameters:\n  batch_size: { values: [32] }\n`);
    expect(cfg.fixed.student_hidden).toBe('128,64');
    const searched = parseSweepConfig(`method: grid\nparameters:\n  student_hidden: { values: [[64], [128, 64], "32, 16"] }\n`);
    expect(searched.space.params[0].values).toEqual(['64', '128,64', '32,16']);
  });
});

describe('fixed training params', () => {
  it('are range-checked where they are written', () => {
    expect(() => parseSweepConfig(`method: random\nk: 2\nparameters:\n  w_hard: { min: 0.0, max: 1.0 }\n`, 'k.yaml')).toThrow(
      'k.yaml:2:4: k: must be in [0, 1), got 2',
    );
  });
});

describe('metric', () => {
  it("defaults to W&B's goal (minimize) and to eval/accuracy maximised when absent", () => {
    expect(parseSweepConfig(`method: random\nmetric: { name: eval/loss }\nparameters:\n  w_hard: { min: 0.0, max: 1.0 }\n`).metric).toEqual(
      { name: 'eval/loss', goal: 'minimize' },
    );
    expect(parseSweepConfig(`method: random\nparameters:\n  w_hard: { min: 0.0, max: 1.0 }\n`).metric).toEqual({
      name: 'eval/accuracy',
      goal: 'maximize',
    });
  });
  it('asks for the goal of an accuracy rather than minimise it silently', () => {
    expect(() =>
      parseSweepConfig(`method: random\nmetric: { name: eval/accuracy }\nparameters:\n  w_hard: { min: 0.0, max: 1.0 }\n`, 'm.yaml'),
    ).toThrow(
      "m.yaml:2:1: metric: no goal for eval/accuracy: W&B's default (minimize) would minimize it; write goal: maximize (or goal: minimize)",
    );
  });
});

describe('teacher', () => {
  const withTeacher = (teacher: string) => `method: grid\nteacher: ${teacher}\nparameters:\n  k: { values: [0.1] }\n`;
  it('takes the CNN and augmentation settings of `kdlab train --teacher-arch`, as the trainer reads them', () => {
    const cfg = parseSweepConfig(withTeacher('{ arch: cnn, conv_kernel: 3, conv_filters: 8, augment: true, dropout: 0.1 }'), 'c.yaml');
    expect(cfg.trainerSettings.teacher).toEqual({ arch: 'cnn', conv_kernel: 3, conv_filters: 8, augment: true, dropout: 0.1 });
    expect(parseSweepConfig(withTeacher('{ arch: cnn, ensemble: 5 }'), 'c.yaml').trainerSettings.teacher).toEqual({
      arch: 'cnn',
      ensemble: 5,
    });
    expect(parseSweepConfig(withTeacher('{ arch: mlp, augment: false }'), 'c.yaml').trainerSettings.teacher).toEqual({
      arch: 'mlp',
      augment: false,
    });
  });
  it.each([
    ['{ arch: resnet }', /^c\.yaml:2:18: teacher\.arch: .*resnet.*mlp.*cnn/],
    ['{ conv_kernel: 3 }', /^c\.yaml:2:25: teacher\.conv_kernel: applies only with arch: cnn \(add it, or remove this key\), got 3$/],
    [
      '{ arch: mlp, conv_filters: 8 }',
      /^c\.yaml:2:37: teacher\.conv_filters: applies only with arch: cnn \(add it, or remove this key\), got 8$/,
    ],
    ['{ arch: cnn, conv_filters: 0 }', /^c\.yaml:2:37: teacher\.conv_filters: must be > 0, got 0$/],
    ['{ arch: cnn, conv_kernel: 2.5 }', /^c\.yaml:2:36: teacher\.conv_kernel: .*2\.5/],
    ['{ augment: yes }', /^c\.yaml:2:21: teacher\.augment: .*yes/],
    ['{ arch: cnn, kernel: 3 }', /^c\.yaml:2:23: teacher\.kernel: unknown key; remove it or use one of: .*conv_kernel/],
    ['{ ensemble: 21 }', /^c\.yaml:2:22: teacher\.ensemble: must be at most 20, got 21$/],
  ])('refuses %s with the key and its position', (teacher, expected) => {
    expect(errorOf(withTeacher(teacher), 'c.yaml').message).toMatch(expected);
  });
  it('fuzz: any teacher mapping is taken as written or refused in one located line naming a teacher key', () => {
    const value = fc.oneof(
      fc.constantFrom<unknown>('mlp', 'cnn', true, false, 0, 1, 3, 16, 0.5, -1, 'x'),
      fc.array(fc.integer({ min: -2, max: 300 }), { maxLength: 3 }),
      fc.jsonValue({ maxDepth: 1 }),
    );
    const key = fc.oneof(
      fc.constantFrom('hidden', 'epochs', 'patience', 'learning_rate', 'batch_size', 'dropout', 'seed'),
      fc.constantFrom('arch', 'conv_kernel', 'conv_filters', 'augment', 'ensemble'),
      fc.string({ maxLength: 5 }),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (teacher) => {
        const text = stringify({ method: 'grid', teacher, parameters: { k: { values: [0.1] } } });
        try {
          expect(parseSweepConfig(text, 'f.yaml').trainerSettings.teacher).toEqual(teacher);
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as DataError).message).toMatch(/^f\.yaml:\d+:\d+: teacher(\.[^\n]*)?: [^\n]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('messages say what is accepted', () => {
  const msg = (yaml: string) => errorOf(yaml, 'c.yaml').message;
  it.each([
    [
      'method: grid\nteacher: { hidden: [128, -1] }\nparameters:\n  k: { values: [0.1] }\n',
      'c.yaml:2:26: teacher.hidden.1: must be > 0, got -1',
    ],
    [
      'method: grid\ndataset: mnist\nparameters:\n  k: { values: [0.1] }\n',
      'c.yaml:2:10: dataset: "mnist": must be digits, fashion-mnist or { csv: FILE, label: COLUMN }',
    ],
    ['method: grid\nparameters:\n  k:\n    values: []\n', 'c.yaml:4:5: parameters.k.values: needs at least 1 item'],
    [
      'method: grid\nparameters:\n  k: 3\n',
      'c.yaml:3:6: parameters.k: expected a mapping such as { value: 3 } or { values: [...] }, got 3',
    ],
    ['method: grid\nrun_cap: 0\nparameters:\n  k: { value: 0.1 }\n', 'c.yaml:2:10: run_cap: must be > 0, got 0'],
  ])('%#', (yaml, expected) => {
    expect(msg(yaml)).toBe(expected);
  });
});

describe('fuzz', () => {
  // Real keys and values near the valid ones, so the validator's deeper checks are reached too.
  const key = fc.oneof(
    fc.constantFrom('method', 'metric', 'parameters', 'run_cap', 'early_terminate', 'trainer', 'seed', 'dataset', 'loss', 'epochs'),
    fc.constantFrom('student_hidden', 'teacher', 'max_retries', 'backend', 'w_hard', 'k'),
    fc.string({ maxLength: 6 }),
  );
  const value = fc.oneof(
    fc.constantFrom<unknown>(...SWEEP_METHODS, ...TRAINER_NAMES, 'maximize', 'digits', 'kl-temperature', '128,64'),
    fc.record(
      { name: fc.constantFrom('eval/accuracy', 'x'), goal: fc.constantFrom('maximize', 'minimize', 'up') },
      { requiredKeys: ['name'] },
    ),
    fc.dictionary(
      fc.oneof(fc.constantFrom(...PARAM_NAMES), fc.string({ maxLength: 4 })),
      fc.dictionary(
        fc.constantFrom('value', 'values', 'min', 'max', 'q', 'mu', 'sigma', 'distribution', 'probabilities'),
        fc.jsonValue({ maxDepth: 1 }),
        {
          maxKeys: 3,
        },
      ),
      { maxKeys: 3 },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );

  it('any mapping yields a config or one DataError line at a position, never another error', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (data) => {
        let text: string;
        try {
          text = stringify(data);
        } catch {
          return; // not representable as YAML
        }
        try {
          parseSweepConfig(text, 'f.yaml');
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as DataError).message).toMatch(/^f\.yaml(:\d+:\d+)?: [^\n]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('stale_after', () => {
  const base = `method: random\ntrainer: fake\nparameters:\n  x: { values: [1, 2] }\n`;
  it('reads a duration into staleAfterMs (absent: the agent decides)', () => {
    expect(parseSweepConfig(`${base}stale_after: 20s\n`).staleAfterMs).toBe(20_000);
    expect(parseSweepConfig(`${base}stale_after: 1.5m\n`).staleAfterMs).toBe(90_000);
    expect(parseSweepConfig(`${base}stale_after: 2500ms\n`).staleAfterMs).toBe(2_500);
    expect(parseSweepConfig(base).staleAfterMs).toBeUndefined();
  });
  it('refuses what is not a duration, or under a second, with file:line', () => {
    expect(errorOf(`${base}stale_after: soon\n`).message).toMatch(/^sweep\.yaml:5:\d+: stale_after: .*must be a duration such as 20s/);
    expect(errorOf(`${base}stale_after: 10ms\n`).message).toMatch(/^sweep\.yaml:5:\d+: stale_after: .*must be at least 1s/);
  });
});
