/** A tiny linearly separable two-class problem (4 features; class = sign of x0 + x1) for fast training tests. */
import type { Examples } from '../../src/train/data/dataset.js';
import { createRng } from '../../src/util/rng.js';

export function separable(n: number, seed: number): Examples {
  const rng = createRng(seed);
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) x[i * 4 + j] = 2 * rng.next() - 1;
    y[i] = x[i * 4] + x[i * 4 + 1] > 0 ? 1 : 0;
  }
  return { x, y, n };
}
