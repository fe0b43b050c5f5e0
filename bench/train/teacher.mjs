#!/usr/bin/env node
/**
 * Teacher strength: trains each TeacherConfig in TEACHERS (a JSON list) on DATASET and prints its
 * validation and test accuracy, epochs and wall time (bench/README.md "Teachers").
 *
 *   npm run build && nice -n 10 node bench/train/teacher.mjs
 *   env: DATASET (digits), TEACHERS (json list), BACKEND (wasm), CACHE_DIR (a fresh temp folder: every teacher trains)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTrainer } from '../../dist/train/index.js';

const env = (k, d) => process.env[k] ?? d;
const teachers = JSON.parse(
  env(
    'TEACHERS',
    '[{}, {"arch": "cnn", "hidden": [128], "conv_filters": 32, "dropout": 0.3, "augment": true, "patience": 10, "epochs": 100}]',
  ),
);
const cacheDir = env('CACHE_DIR', mkdtempSync(join(tmpdir(), 'kdlab-teachers-')));
for (const teacher of teachers) {
  const started = performance.now();
  const t = await createTrainer({ dataset: env('DATASET', 'digits'), backend: env('BACKEND', 'wasm'), cacheDir, teacher });
  const m = t.teacher;
  console.log(
    `| ${m.architecture}${m.config.augment ? ' + shifts' : ''} | ${JSON.stringify(teacher)} | ${m.evalAccuracy.toFixed(4)} | ${m.testAccuracy.toFixed(4)} | ${m.epochsTrained} (best ${m.bestEpoch}) | ${((performance.now() - started) / 1000).toFixed(0)} s |`,
  );
  t.dispose();
}
