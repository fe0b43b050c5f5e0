#!/usr/bin/env node
/**
 * Label budget on digits: labels-only (`ce`) vs distilled students that see LABELLED labels and
 * every training input, paired by seed. Prints one line per run and the paired t-test.
 *
 *   npm run build && nice -n 10 node bench/train/labelled.mjs
 *   env: LABELLED (100), EPOCHS (10), STUDENT_HIDDEN (16), SEEDS (1,2,3,4,5), LOSSES (ce,kl-temperature),
 *        TEACHER (json TeacherConfig, default the trainer's), LR (0.01), W_HARD (0.5), TEMPERATURE (4), CACHE_DIR
 */
import { createTrainer } from '../../dist/train/index.js';
import { ttestRel } from '../../dist/stats/ttest-rel.js';

const env = (k, d) => process.env[k] ?? d;
const seeds = env('SEEDS', '1,2,3,4,5').split(',').map(Number);
const lossNames = env('LOSSES', 'ce,kl-temperature').split(',');
const started = performance.now();
const trainer = await createTrainer({
  dataset: 'digits',
  backend: 'wasm',
  cacheDir: env('CACHE_DIR', '.kdlab/cache'),
  teacher: JSON.parse(env('TEACHER', '{}')),
});
console.log(
  `teacher ${trainer.teacher.architecture}: test ${trainer.teacher.testAccuracy.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
const acc = {};
for (const loss of lossNames) {
  acc[loss] = [];
  for (const seed of seeds) {
    const r = await trainer.fit({
      loss,
      seed,
      labelled: Number(env('LABELLED', 100)),
      epochs: Number(env('EPOCHS', 10)),
      student_hidden: env('STUDENT_HIDDEN', '16'),
      learning_rate: Number(env('LR', 0.01)),
      w_hard: Number(env('W_HARD', 0.5)),
      temperature: Number(env('TEMPERATURE', 4)),
    });
    acc[loss].push(r.summary['test/accuracy']);
    console.log(
      `${loss} seed ${seed}: eval ${r.summary['eval/accuracy'].toFixed(4)} test ${r.summary['test/accuracy'].toFixed(4)} (${r.wallTimeS.toFixed(2)} s)`,
    );
  }
}
const [a, b] = [acc[lossNames[1]], acc[lossNames[0]]];
if (a && b) {
  const t = ttestRel(a, b, { alternative: 'greater' });
  const m = (x) => x.reduce((s, v) => s + v, 0) / x.length;
  console.log(
    `${lossNames[1]} ${m(a).toFixed(4)} vs ${lossNames[0]} ${m(b).toFixed(4)}: paired t = ${t.statistic.toFixed(2)}, one-sided p = ${t.pvalue.toExponential(2)}`,
  );
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
trainer.dispose();
