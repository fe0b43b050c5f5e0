#!/usr/bin/env node
/**
 * Milliseconds of one Adam step on wasm for one variable of a given size: tf.train.adam (a dozen
 * kernels) vs HostAdam with the plain JS loop vs HostAdam with the WebAssembly SIMD loop (the default).
 *
 *   npm run build && node bench/train/adam.mjs     # prints a Markdown table; best of 5 × 10 steps
 */
import { selectBackend, tf } from '../../dist/train/backend.js';
import { HostAdam } from '../../dist/train/adam.js';

await selectBackend('wasm');
function time(fn) {
  for (let i = 0; i < 3; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) fn();
    best = Math.min(best, (performance.now() - t0) / 10);
  }
  return best;
}
const sizes = [1000, 25_088, 100_352, 1_440_000];
const rows = { 'tf.train.adam': [], 'HostAdam, JS loop': [], 'HostAdam, SIMD (default)': [] };
for (const n of sizes) {
  const variable = tf.variable(tf.randomNormal([n], 0, 1, 'float32', 1), true, `adam_bench_${n}`);
  const grad = tf.randomNormal([n], 0, 1, 'float32', 2);
  const tfjs = tf.train.adam(1e-3);
  const js = new HostAdam([variable], { learningRate: 1e-3, simd: false, hostMaxSize: Infinity });
  const simd = new HostAdam([variable], { learningRate: 1e-3 });
  rows['tf.train.adam'].push(time(() => tfjs.applyGradients({ [variable.name]: grad })));
  rows['HostAdam, JS loop'].push(time(() => js.applyGradients([grad])));
  rows['HostAdam, SIMD (default)'].push(time(() => simd.applyGradients([grad])));
  [tfjs, js, simd].forEach((o) => o.dispose());
  tf.dispose([variable, grad]);
}
console.log(`| ms per step | ${sizes.map((n) => n.toLocaleString('en-US')).join(' | ')} |`);
console.log(`| :-- | ${sizes.map(() => '--:').join(' | ')} |`);
for (const [name, ms] of Object.entries(rows)) console.log(`| ${name} | ${ms.map((x) => x.toFixed(3)).join(' | ')} |`);
