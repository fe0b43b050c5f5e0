#!/usr/bin/env node
/**
 * Sweep throughput: runs per minute of `kdlab sweep run` on one sweep (fixtures/sweeps/kl-temperature:
 * 8 short digits runs, the teacher cached) with 1 and 2 agents, each with a fresh training process per
 * run (KDLAB_WORKER_RUNS=1, as before warm processes) and with one warm process per agent (default).
 * The machine may be shared: the four configurations alternate REPEATS times, each on a new store;
 * best and median are reported, with the load average before and after. Then a timing breakdown of a
 * fresh process (Node start, TensorFlow.js load, trainer build, the run) from breakdown.mjs.
 *
 *   npm run build && node bench/sweep/throughput.mjs      # REPEATS=3 by default; prints Markdown
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPEATS = Number(process.env.REPEATS ?? 3);
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'kdlab-sweep-bench-'));
const cache = join(dir, 'cache');
const config = join(dir, 'kl-temperature.yaml');
writeFileSync(config, `${readFileSync(join(root, 'fixtures/sweeps/kl-temperature.yaml'), 'utf8')}\ncache_dir: ${cache}\n`);
const RUNS = 8; // the config's run_cap

let n = 0;
/** Wall seconds of one `kdlab sweep run` on a new store. */
function sweep(agents, workerRuns) {
  const store = join(dir, `runs-${++n}.db`);
  const env = { ...process.env, ...(workerRuns ? { KDLAB_WORKER_RUNS: String(workerRuns) } : {}) };
  if (!workerRuns) delete env.KDLAB_WORKER_RUNS;
  const start = performance.now();
  const r = spawnSync(process.execPath, [cli, 'sweep', 'run', config, '--agents', String(agents), '--store', store, '--no-progress'], {
    env,
    encoding: 'utf8',
  });
  const s = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`sweep run failed (${r.status}):\n${r.stderr}`);
  // The command's last line: "sweep NAME: 8/8 done, 8 finished, …".
  const finished = Number(/(\d+) finished,/.exec(r.stdout + r.stderr)?.[1] ?? 0);
  if (finished !== RUNS) throw new Error(`expected ${RUNS} finished runs, saw ${finished}:\n${r.stdout}${r.stderr}`);
  return s;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const perMin = (s) => (RUNS * 60) / s;
const f = (x, d = 1) => x.toFixed(d);

const load = [loadavg()];
process.stderr.write(`warm-up: training the teacher into ${cache}\n`);
sweep(1, 0);

const configs = [
  { name: 'fresh process per run (KDLAB_WORKER_RUNS=1)', key: 'fresh', workerRuns: 1 },
  { name: 'one warm process per agent', key: 'warm', workerRuns: 0 },
];
const times = {};
for (let rep = 0; rep < REPEATS; rep++) {
  for (const c of configs) {
    for (const agents of [1, 2]) {
      const s = sweep(agents, c.workerRuns);
      (times[`${c.key}/${agents}`] ??= []).push(s);
      process.stderr.write(`repeat ${rep + 1}: ${c.key}, ${agents} agent(s): ${f(s, 2)} s\n`);
    }
  }
}
load.push(loadavg());

// Where a fresh process's time goes: Node's start (an empty script), then breakdown.mjs.
const nodeStart = [];
const parts = [];
for (let rep = 0; rep < REPEATS; rep++) {
  let t = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  nodeStart.push((performance.now() - t) / 1000);
  const r = spawnSync(process.execPath, [join(root, 'bench/sweep/breakdown.mjs'), cache], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`breakdown failed:\n${r.stderr}`);
  parts.push(JSON.parse(r.stdout));
}
load.push(loadavg());
rmSync(dir, { recursive: true, force: true });

const out = [];
out.push(
  `${cpus().length} cores; load average (1, 5, 15 min) before ${load[0].map((x) => f(x, 2)).join(', ')}, after the sweeps ${load[1].map((x) => f(x, 2)).join(', ')}, at the end ${load[2].map((x) => f(x, 2)).join(', ')}; ${REPEATS} repeats, ${RUNS} runs a sweep.`,
);
out.push('');
out.push('| training processes | agents | wall best / median | runs/min best / median | 2 agents vs 1 (median / best) |');
out.push('| :-- | --: | --: | --: | --: |');
for (const c of configs) {
  for (const agents of [1, 2]) {
    const t = times[`${c.key}/${agents}`];
    const one = times[`${c.key}/1`];
    const speedup = agents === 2 ? `${f(median(one) / median(t), 2)}× / ${f(Math.min(...one) / Math.min(...t), 2)}×` : '';
    out.push(
      `| ${c.name} | ${agents} | ${f(Math.min(...t), 2)} / ${f(median(t), 2)} s | ${f(perMin(Math.min(...t)))} / ${f(perMin(median(t)))} | ${speedup} |`,
    );
  }
}
for (const agents of [1, 2])
  out.push(
    `\nWarm vs fresh, ${agents} agent${agents === 1 ? '' : 's'}: ${f(median(times[`fresh/${agents}`]) / median(times[`warm/${agents}`]), 2)}× (medians).`,
  );
const m = (k) => median(parts.map((p) => p[k]));
const fresh = median(nodeStart) + m('importS') + m('buildS') + m('fitS');
out.push('');
out.push('One run in a fresh process (medians):');
out.push('');
out.push('| part | seconds | share |');
out.push('| :-- | --: | --: |');
for (const [name, s] of [
  ['Node start (empty script)', median(nodeStart)],
  ['load TensorFlow.js and the trainer', m('importS')],
  ['build the trainer: Backend, digits data, teacher from the cache', m('buildS')],
  ['the run (fit, 6 epochs)', m('fitS')],
])
  out.push(`| ${name} | ${f(s, 3)} | ${f((100 * s) / fresh, 0)} % |`);
process.stdout.write(`${out.join('\n')}\n`);
