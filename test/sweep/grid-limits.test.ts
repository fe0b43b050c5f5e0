/**
 * Sweep inputs that would exhaust memory or silently lose a parameter: refused with one line and
 * a position, before anything is expanded (and so before any sweep is written).
 */
import { describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../../src/experiment/config.js';
import { DataError, UsageError } from '../../src/errors.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { MAX_GRID_POINTS, assertGridSize, gridPoints, gridSize, gridTooLarge } from '../../src/sweep/samplers/grid.js';
import { discreteCount, discreteValues, type ParamSpec } from '../../src/sweep/space.js';

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** Nine parameters sharing one anchored list of ten values: 10⁹ points in nine short lines. */
const ANCHORED = `method: grid
trainer: fake
parameters:
  p0: { values: &v [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }
${Array.from({ length: 8 }, (_, i) => `  p${i + 1}: { values: *v }`).join('\n')}
`;

describe('grid size', () => {
  it('is counted without expanding: discreteCount agrees with discreteValues', () => {
    const specs: ParamSpec[] = [
      { name: 'a', distribution: 'int_uniform', min: -3, max: 4 },
      { name: 'b', distribution: 'q_uniform', min: 0.1, max: 0.95, q: 0.05 },
      { name: 'c', distribution: 'categorical', values: ['x', 'y', 'z'] },
      { name: 'd', distribution: 'constant', value: 1 },
      { name: 'e', distribution: 'int_uniform', min: 5, max: 4 },
    ];
    for (const s of specs) expect(discreteCount(s)).toBe(discreteValues(s)!.length);
    expect(discreteCount({ name: 'f', distribution: 'uniform', min: 0, max: 1 })).toBeUndefined();
  });

  it('of an int_uniform over 0..1e8 is 100,000,001 and is refused by gridPoints before expanding', () => {
    const space = { params: [{ name: 'x', distribution: 'int_uniform', min: 0, max: 1e8 } as ParamSpec] };
    expect(gridSize(space)).toBe(1e8 + 1);
    const err = errorOf(() => gridPoints(space));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`grid has 100,000,001 points (limit 100,000); narrow the value lists or ranges, or use method: random`);
    expect(() => assertGridSize({ params: [{ name: 'x', distribution: 'int_uniform', min: 1, max: MAX_GRID_POINTS }] })).not.toThrow();
  });

  it('is checked when the sweep YAML is read, with file:line (int_uniform with method grid)', () => {
    const err = errorOf(() =>
      parseSweepConfig(`method: grid\ntrainer: fake\nparameters:\n  x: { distribution: int_uniform, min: 0, max: 100000000 }\n`, 's.yaml'),
    );
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).exitCode).toBe(2);
    expect(err.message).toBe(`s.yaml:3:1: parameters: ${gridTooLarge(1e8 + 1)}`);
  });

  it('is checked for nine parameters sharing a YAML anchor (10⁹ points)', () => {
    const err = errorOf(() => parseSweepConfig(ANCHORED, 's.yaml'));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toBe(`s.yaml:3:1: parameters: ${gridTooLarge(1e9)}`);
  });
});

describe('YAML alias bombs', () => {
  const LAUGHS = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from({ length: 8 }, (_, i) => {
      const prev = String.fromCharCode(97 + i);
      const cur = String.fromCharCode(98 + i);
      return `${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`;
    }),
  ].join('\n');

  it('a billion laughs in a sweep file is a DataError at the first alias', () => {
    const err = errorOf(() => parseSweepConfig(`method: random\nparameters: {}\n${LAUGHS}\n`, 'bomb.yaml'));
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/^bomb\.yaml:4:\d+: YAML aliases expand too far/);
  });

  it('and in an experiment file', async () => {
    const err = await parseExperimentConfig(`dataset: digits\n${LAUGHS}\n`, 'exp.yaml').then(
      () => new Error('loaded'),
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toMatch(/^exp\.yaml:3:\d+: YAML aliases expand too far/);
  });
});

describe('a parameter named __proto__', () => {
  it('is refused by name, not silently dropped', () => {
    const err = errorOf(() =>
      parseSweepConfig(`method: grid\ntrainer: fake\nparameters:\n  __proto__: { values: [1, 2] }\n  x: { values: [3] }\n`, 's.yaml'),
    );
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toBe('s.yaml:4:3: parameters.__proto__: a parameter cannot be named __proto__; rename it');
  });
});
