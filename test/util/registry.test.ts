import { describe, expect, it } from 'vitest';
import { createRegistry, levenshtein, suggest } from '../../src/util/registry.js';
import { UsageError } from '../../src/errors.js';

describe('string registries', () => {
  const r = createRegistry('sampler', { grid: 1, random: 2, bayes: 3 });
  it('returns entries by name', () => {
    expect(r.get('random')).toBe(2);
    expect(r.has('grid')).toBe(true);
    expect(r.has('toString')).toBe(false);
  });
  it('throws a UsageError listing the names, with a hint only for near misses', () => {
    expect(() => r.get('radnom')).toThrow(new UsageError('unknown sampler "radnom" (did you mean "random"?); valid: grid, random, bayes'));
    expect(() => r.get('toString')).toThrow('unknown sampler "toString"; valid: grid, random, bayes');
  });
  it('suggests by edit distance, prefix, case and _/-', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(suggest('W_HARD', ['w-hard', 'w-soft'])).toBe('w-hard');
    expect(suggest('fashion', ['digits', 'fashion-mnist'])).toBe('fashion-mnist');
    expect(suggest('kd', ['ce', 'kl-temperature'])).toBeUndefined();
  });
});
