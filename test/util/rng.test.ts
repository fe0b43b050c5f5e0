import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/util/rng.js';

const draw = (seed: number, k: number) => {
  const { next } = createRng(seed);
  return Array.from({ length: k }, next);
};

describe('createRng', () => {
  it('a seed reproduces its stream; another seed gives another', () => {
    expect(draw(42, 20)).toEqual(draw(42, 20));
    expect(draw(43, 20)).not.toEqual(draw(42, 20));
  });
  it('fuzz: next is in [0, 1) and int(n) an integer in [0, n)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const rng = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const u = rng.next();
          expect(u >= 0 && u < 1).toBe(true);
          const k = rng.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });
  it('its functions work unbound (closures, not methods)', () => {
    const { next, int } = createRng(1);
    expect(() => [next(), int(3)]).not.toThrow();
  });
  it("a fork's stream does not depend on the parent's later draws", () => {
    const a = createRng(5);
    const b = createRng(5);
    const fa = a.fork();
    const fb = b.fork();
    for (let i = 0; i < 10; i++) a.next();
    expect(Array.from({ length: 10 }, fa.next)).toEqual(Array.from({ length: 10 }, fb.next));
    expect(Array.from({ length: 10 }, fa.next)).not.toEqual(Array.from({ length: 10 }, b.next));
  });
  it('uniform and normal draws have the moments they should (seeded, so not flaky)', () => {
    const rng = createRng(2026);
    const n = 20000;
    const u = Array.from({ length: n }, rng.next);
    const z = Array.from({ length: n }, rng.normal);
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const variance = (x: number[]) => {
      const m = mean(x);
      return mean(x.map((v) => (v - m) ** 2));
    };
    // Four standard errors: 1/√(12n) for the uniform mean, 1/√n for the normal mean, √(2/n) for its variance.
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(4 / Math.sqrt(12 * n));
    expect(Math.abs(mean(z))).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance(z) - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });
});
