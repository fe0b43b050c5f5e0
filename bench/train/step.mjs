/**
 * Samples/s of one training step (batch 128, Adam) in kdlab vs PyTorch on one CPU thread, in the
 * same run: students 784-128-10 and 784-32-10 distilled with kl-temperature from precomputed teacher
 * logits, and the teacher 784-1200-1200-10 trained with ce, all on wasm.
 * kdlab runs three ways: "before" (tf.train.adam and the loss in graph ops), "host Adam" (adam.ts,
 * loss still in graph ops) and "after" (adam.ts and the host loss, what fit.ts runs).
 *
 *   npm run build && node bench/train/step.mjs [min_seconds]     # prints a Markdown table
 *   PROFILE=after CASE=0 node --cpu-prof bench/train/step.mjs 10   # one variant (and case), no PyTorch, for a profile
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { selectBackend, tf } from '../../dist/train/backend.js';
import { Mlp } from '../../dist/train/model/mlp.js';
import { HostAdam } from '../../dist/train/adam.js';
import { ce, ceGraph } from '../../dist/train/losses/ce.js';
import { klTemperature, klTemperatureGraph } from '../../dist/train/losses/kl-temperature.js';

const MIN_SECONDS = Number(process.argv[2] ?? 2);
const BATCH = 128;
const opts = { wHard: 0.5, wSoft: 0.5, temperature: 4, k: 0 };
const cases = [
  { name: 'student 784-128-10, kl-temperature', hidden: [128], host: klTemperature, graph: klTemperatureGraph },
  { name: 'student 784-32-10, kl-temperature', hidden: [32], host: klTemperature, graph: klTemperatureGraph },
  { name: 'teacher 784-1200-1200-10, ce', hidden: [1200, 1200], host: ce, graph: ceGraph },
];
const variants = {
  before: { adam: 'tfjs', loss: 'graph' },
  hostAdam: { adam: 'host', loss: 'graph' },
  after: { adam: 'host', loss: 'host' },
};

function measure(c, variant) {
  const model = Mlp.init({ kind: 'mlp', inputs: 784, hidden: c.hidden, outputs: 10 }, 1);
  const host = variant.adam === 'host';
  const optimizer = host ? new HostAdam(model.variables, { learningRate: 1e-3 }) : tf.train.adam(1e-3);
  const x = tf.randomNormal([BATCH, 784], 0, 1, 'float32', 1);
  const t = tf.randomNormal([BATCH, 10], 0, 1, 'float32', 2);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 3), 10).toFloat();
  const loss = variant.loss === 'host' ? c.host : c.graph;
  const f = () => loss(model.logits(x), t, y, opts);
  const step = () => {
    const cost = host ? optimizer.minimize(f) : optimizer.minimize(f, true, model.variables);
    cost.dataSync();
    cost.dispose();
  };
  for (let i = 0; i < 5; i++) step();
  let steps = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    step();
    steps++;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < MIN_SECONDS || steps < 3);
  tf.dispose([x, t, y]);
  optimizer.dispose();
  model.dispose();
  return (BATCH * steps) / elapsed;
}

// The machine may be shared: alternate kdlab and PyTorch REPEATS times and keep each case's best.
const REPEATS = Number(process.env.REPEATS ?? 3);
const results = {};
const refBest = {};
let ref;
const keep = (obj, key, v) => {
  obj[key] = Math.max(obj[key] ?? 0, v);
};
await selectBackend('wasm');
if (process.env.PROFILE) {
  // CASE=0|1|2 picks one case.
  for (const c of process.env.CASE ? [cases[Number(process.env.CASE)]] : cases)
    console.log(c.name, Math.round(measure(c, variants[process.env.PROFILE])));
  process.exit(0);
}
for (let rep = 0; rep < REPEATS; rep++) {
  for (const c of cases) for (const [key, variant] of Object.entries(variants)) keep(results, `${c.name}|${key}`, measure(c, variant));
  const py = spawnSync('/usr/bin/python3', [fileURLToPath(new URL('./reference.py', import.meta.url)), String(MIN_SECONDS)], {
    encoding: 'utf8',
  });
  if (py.status !== 0) throw new Error(`reference.py failed: ${py.stderr}`);
  ref = JSON.parse(py.stdout);
  for (const c of ref.cases) keep(refBest, c.name, c.samples_per_second);
}

const f = (n) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
const r = (a, b) => (a === undefined ? '—' : (a / b).toFixed(2));
console.log(
  `PyTorch ${ref.torch} (${ref.threads} thread), Node ${process.version}, tfjs ${tf.version_core} wasm; samples/s, batch ${BATCH}, min ${MIN_SECONDS} s per case, best of ${REPEATS} alternating rounds\n`,
);
console.log('| step | PyTorch CPU 1 thread | kdlab before | ratio | host Adam only | ratio | kdlab after | ratio |');
console.log('| :-- | --: | --: | --: | --: | --: | --: | --: |');
for (const c of cases) {
  const p = refBest[c.name];
  const [b, h, a] = ['before', 'hostAdam', 'after'].map((k) => results[`${c.name}|${k}`]);
  console.log(`| ${c.name} | ${f(p)} | ${f(b)} | ${r(b, p)} | ${f(h)} | ${r(h, p)} | ${f(a)} | ${r(a, p)} |`);
}
