import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/util/duration.js';

describe('parseDuration', () => {
  it('reads s, m, h, ms and bare seconds', () => {
    expect(['30m', '90s', '1.5h', '250ms', '45', ' 2 h ', 7].map(parseDuration)).toEqual([1800, 90, 5400, 0.25, 45, 7200, 7]);
  });

  it('rejects what is not a positive duration', () => {
    for (const t of ['', 'm', '10 minutes', '-5s', '0s', '1d', '1e3s', 0, -1, NaN]) expect(parseDuration(t)).toBeUndefined();
  });

  it('returns a positive number or undefined for any text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string(), (t) => {
        const s = parseDuration(t);
        expect(s === undefined || (Number.isFinite(s) && s > 0)).toBe(true);
      }),
    );
  });
});
