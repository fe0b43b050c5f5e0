#!/usr/bin/env node
/**
 * Hinton, Vinyals & Dean (2015), "Distilling the knowledge in a neural network", in spirit, on
 * Fashion-MNIST: a big teacher 784-1200-1200-10 (dropout), then one small student trained on the
 * labels alone (`ce`) and the same student distilled at a high temperature (`kl-temperature`),
 * over a few seeds, all on the same split. Prints a Markdown table for bench/README.md.
 *
 *   npm run build && node bench/train/hinton.mjs
 *   env: TEACHER_EPOCHS (10), STUDENT_EPOCHS (20), STUDENT_HIDDEN (32), SEEDS (1,2), TEMPERATURE (20),
 *        W_HARD (0.1), BACKEND (auto), CACHE_DIR (.kdlab/cache), DATA_DIR, ONLY_DISTILLED (skip the ce students)
 * The teacher is cached, so a second run only trains the students.
 */
import { createTrainer } from '../../dist/train/index.js';

const env = (k, d) => process.env[k] ?? d;
const teacherEpochs = Number(env('TEACHER_EPOCHS', 10));
const studentEpochs = Number(env('STUDENT_EPOCHS', 20));
const hidden = env('STUDENT_HIDDEN', '32');
const seeds = env('SEEDS', '1,2').split(',').map(Number);
const T = Number(env('TEMPERATURE', 20));
const wHard = Number(env('W_HARD', 0.1));
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

const started = performance.now();
const trainer = await createTrainer({
  dataset: 'fashion-mnist',
  dataDir: process.env.DATA_DIR,
  backend: env('BACKEND', 'auto'),
  cacheDir: env('CACHE_DIR', '.kdlab/cache'),
  teacher: { hidden: [1200, 1200], dropout: 0.2, epochs: teacherEpochs, patience: 3, batch_size: 128, learning_rate: 0.001, seed: 0 },
  logger: { info: log, warn: log, debug: () => {} },
  onTeacherEpoch: (l) => log(`teacher epoch ${l.epoch}: eval/accuracy ${l['eval/accuracy'].toFixed(4)}`),
});
const t = trainer.teacher;
log(
  `teacher ${t.architecture}: eval ${t.evalAccuracy.toFixed(4)}, test ${t.testAccuracy.toFixed(4)} (${t.cached ? 'cached' : `${t.epochsTrained} epochs, ${t.wallTimeS.toFixed(0)} s`})`,
);

const rows = [];
const variants = [
  { label: 'labels only (`ce`)', params: { loss: 'ce' } },
  {
    label: `distilled (\`kl-temperature\`, T = ${T}, w_hard = ${wHard})`,
    params: { loss: 'kl-temperature', temperature: T, w_hard: wHard },
  },
];
for (const v of process.env.ONLY_DISTILLED ? variants.slice(1) : variants) {
  const acc = [];
  for (const seed of seeds) {
    const r = await trainer.fit({
      ...v.params,
      student_hidden: hidden,
      epochs: studentEpochs,
      batch_size: 128,
      learning_rate: 0.001,
      seed,
    });
    log(`${v.label} seed ${seed}: test ${r.summary['test/accuracy'].toFixed(4)} (${r.wallTimeS.toFixed(0)} s)`);
    acc.push(r.summary['test/accuracy']);
  }
  const mean = acc.reduce((a, b) => a + b, 0) / acc.length;
  rows.push(
    `| student 784-${hidden.replace(/,/g, '-')}-10, ${v.label} | ${acc.map((a) => a.toFixed(4)).join(', ')} | ${mean.toFixed(4)} | ${Math.round((1 - mean) * 10000)} |`,
  );
}
console.log(
  `Fashion-MNIST, ${trainer.data.train} train / ${trainer.data.validation} validation / ${trainer.data.test} test rows; backend ${trainer.backend.name} (${trainer.backend.device}); ${((performance.now() - started) / 60000).toFixed(1)} min in all\n`,
);
console.log('| model | test accuracy per seed | mean | test errors (of 10,000) |');
console.log('| :-- | :-- | --: | --: |');
console.log(
  `| teacher ${t.architecture}, dropout 0.2, ${t.epochsTrained} epochs (early stopping, patience 3) | ${t.testAccuracy.toFixed(4)} | ${t.testAccuracy.toFixed(4)} | ${Math.round((1 - t.testAccuracy) * 10000)} |`,
);
for (const r of rows) console.log(r);
trainer.dispose();
