import { describe, expect, it } from 'vitest';
import { messages } from '../../src/log/messages.js';

describe('grouped warnings', () => {
  it('say "16 groups have only 4 runs" once, listing a few names, not one line per group', () => {
    const groups = Array.from({ length: 16 }, (_, i) => ({ name: `variant-${i}`, n: 4 }));
    const line = messages.fewRunsGroups(groups);
    expect(line).toBe(
      '16 groups have only 4 runs: "variant-0", "variant-1", "variant-2", "variant-3", "variant-4", "variant-5", "variant-6", "variant-7", … (8 more); their tests have little power',
    );
  });

  it('give each size when the small groups differ', () => {
    expect(
      messages.fewRunsGroups([
        { name: 'a', n: 3 },
        { name: 'b', n: 1 },
      ]),
    ).toBe('2 groups have 3 runs or fewer: "a" (3), "b" (1); their tests have little power');
  });

  it('keep the one-group wording for one group', () => {
    expect(messages.fewRunsGroups([{ name: 'B', n: 3 }])).toBe(messages.fewRuns('B', 3));
    expect(messages.emptyGroups(['B'])).toBe(messages.emptyGroup('B'));
    expect(messages.emptyGroups(['a', 'b'])).toBe('2 groups have no usable runs: "a", "b"; they are listed but not compared');
  });
});
