#!/usr/bin/env node
// Writes a synthetic W&B-style run table for the report benchmark (not committed: generated on demand).
//   node bench/report/generate.mjs 1000000 10 > /tmp/runs-1m.csv
const [rows = 1_000_000, groups = 10] = process.argv.slice(2).map(Number);
let a = 12345;
const rand = () => {
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const out = ['ID,Name,State,Sweep,learning_rate,eval/accuracy'];
let chunk = [];
const flush = () => {
  process.stdout.write(chunk.join('\n') + '\n');
  chunk = [];
};
process.stdout.write(out[0] + '\n');
for (let i = 0; i < rows; i++) {
  const g = i % groups;
  const state = rand() < 0.01 ? 'crashed' : 'finished';
  const acc = rand() < 0.001 ? '' : (0.85 + 0.001 * g + 0.01 * normal()).toFixed(5);
  chunk.push(`run${i},run-${i},${state},sweep-${g},${(1e-4 + rand() * 1e-2).toPrecision(4)},${acc}`);
  if (chunk.length === 50_000) flush();
}
flush();
