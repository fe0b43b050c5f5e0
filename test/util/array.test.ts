import { describe, expect, it } from 'vitest';
import { maxOf, minOf, pushAll } from '../../src/util/array.js';

// Past V8's argument limit: the spread forms throw RangeError on arrays this long.
const LONG = 300_000;
const long = Array.from({ length: LONG }, (_, i) => (i * 7919) % LONG);

describe('maxOf / minOf', () => {
  it('agree with Math.max / Math.min on short arrays, including empty and NaN', () => {
    for (const xs of [[], [3], [2, -1, 5], [-0, 0], [1, NaN, 3], [-Infinity, Infinity]]) {
      expect(maxOf(xs)).toBe(Math.max(...xs));
      expect(minOf(xs)).toBe(Math.min(...xs));
    }
  });
  it('handle arrays too long to spread', () => {
    expect(() => Math.max(...long)).toThrow(RangeError);
    expect(maxOf(long)).toBe(LONG - 1);
    expect(minOf(long)).toBe(0);
  });
});

describe('pushAll', () => {
  it('appends in order, in place, beyond the spread limit', () => {
    const target = [-1];
    expect(pushAll(target, long)).toBe(target);
    expect(target.length).toBe(LONG + 1);
    expect(target[0]).toBe(-1);
    expect(target[LONG]).toBe(long[LONG - 1]);
  });
});
