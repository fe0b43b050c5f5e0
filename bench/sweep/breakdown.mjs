#!/usr/bin/env node
/**
 * Where a fresh training process spends a short run, in one process: loading TensorFlow.js (and the
 * trainer code), building the trainer (Backend, digits data, the teacher read from the cache), and
 * the run itself (fit). Prints one JSON line; bench/sweep/throughput.mjs runs it and adds Node's own
 * start. The teacher must already be cached (throughput.mjs's warm-up sweep does it).
 *
 *   node bench/sweep/breakdown.mjs CACHE_DIR
 */
const cacheDir = process.argv[2];
if (!cacheDir) {
  process.stderr.write('usage: node bench/sweep/breakdown.mjs CACHE_DIR\n');
  process.exit(2);
}
const t0 = performance.now();
const { createTrainer } = await import('../../dist/train/index.js');
const t1 = performance.now();
const trainer = await createTrainer({ dataset: 'digits', teacher: { hidden: [128, 64], epochs: 20 }, cacheDir });
const t2 = performance.now();
if (!trainer.teacher.cached) process.stderr.write('warning: the teacher was not cached; build time includes training it\n');
// One run of the sweep in throughput.mjs (its fixed params, mid-range searched ones).
await trainer.fit({
  loss: 'kl-temperature',
  epochs: 6,
  batch_size: 32,
  student_hidden: '16',
  learning_rate: 0.005,
  w_hard: 0.25,
  temperature: 4,
  seed: 1,
});
const t3 = performance.now();
process.stdout.write(`${JSON.stringify({ importS: (t1 - t0) / 1000, buildS: (t2 - t1) / 1000, fitS: (t3 - t2) / 1000 })}\n`);
