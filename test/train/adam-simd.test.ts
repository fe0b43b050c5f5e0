import { describe, expect, it } from 'vitest';
import { SimdAdam } from '../../src/train/adam-simd.js';

describe('SimdAdam', () => {
  it('is available in Node (WebAssembly SIMD), so training takes the fast path', () => {
    expect(SimdAdam.create([3])).toBeDefined();
  });

  it('does the float32 operations of one Adam step per element, lengths not a multiple of 4 included', () => {
    const f = Math.fround;
    const c = { b1: f(0.9), b2: f(0.999), c1: f(0.1), c2: f(0.001), bc1: f(0.19), bc2: f(0.002), eps: f(1e-7), negLr: f(-0.01) };
    const sizes = [7, 1, 13];
    const adam = SimdAdam.create(sizes)!;
    sizes.forEach((n, k) => {
      const m = new Float32Array(n);
      const v = new Float32Array(n);
      let w = Float32Array.from({ length: n }, (_, i) => f(Math.sin(i + k) * 3));
      for (let step = 0; step < 3; step++) {
        const g = Float32Array.from({ length: n }, (_, i) => f(Math.cos(i * 7 + step + k) * 10 ** ((i % 5) - 2)));
        const out = new Float32Array(n);
        adam.step(k, g, w, out, c);
        const expected = w.map((wi, i) => {
          m[i] = f(f(m[i] * c.b1) + f(g[i] * c.c1));
          v[i] = f(f(v[i] * c.b2) + f(f(g[i] * g[i]) * c.c2));
          return f(wi + f(f(f(m[i] / c.bc1) / f(f(Math.sqrt(f(v[i] / c.bc2))) + c.eps)) * c.negLr));
        });
        expect(Array.from(out)).toEqual(Array.from(expected));
        expect(out.some((x, i) => x !== w[i])).toBe(true);
        w = out;
      }
    });
  });
});
