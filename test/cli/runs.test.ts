/** `kdlab runs …` end to end through the built CLI, on a SQLite file in a temp dir. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kdlab-runs-cli-'));
const kdlab = (...args: string[]) => spawnSync('node', [bin, ...args], { cwd: dir, encoding: 'utf8' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kdlab runs', () => {
  it('refuses to read a store that does not exist instead of creating an empty one', () => {
    const r = kdlab('runs', 'ls');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `kdlab: no run store at ${join(dir, '.kdlab', 'runs.db')}; run a sweep or \`kdlab runs import\` first, or pass --store\n`,
    );
    expect(kdlab('runs', 'export', '--store', 'typo.db').status).toBe(2);
  });
  it('imports a table into the default store, lists it and exports it back', () => {
    writeFileSync(join(dir, 'trials.csv'), 'number,value,params_lr,state\n0,0.9,0.1,COMPLETE\n1,,0.01,FAIL\n');
    const imp = kdlab('runs', 'import', 'trials.csv', '--sweep', 'optuna');
    expect(imp.status).toBe(0);
    expect(imp.stdout).toContain('imported 2 of 2 runs into sweep "optuna" (optuna): 1 finished, 1 failed');
    const ls = kdlab('runs', 'ls');
    expect(ls.stdout).toMatch(/^optuna\s+import\s+finished\s+2\s+1\s+1\s+value \(max\)\s+0\.9$/m);
    const csv = kdlab('runs', 'export', '--format', 'csv');
    expect(csv.status).toBe(0);
    const [header, first] = csv.stdout.split('\n');
    expect(header.split(',').slice(0, 6)).toEqual(['id', 'name', 'sweep', 'state', 'lr', 'value']);
    expect(first.split(',').slice(1, 6)).toEqual(['0', 'optuna', 'finished', '0.1', '0.9']);
    const out = kdlab('runs', 'export', '--sweep', 'optuna', '--format', 'jsonl', '--out', 'runs.jsonl');
    expect(out.stderr).toBe('exported 2 runs to runs.jsonl\n');
    expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });
  it('fails with one line and exit 2 on bad input', () => {
    const r = kdlab('runs', 'export', '--store', 'mysql://x', '--format', 'csv');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^kdlab: unknown store "mysql:\/\/x"/)]);
    const missing = kdlab('runs', 'import', 'nope.csv', '--sweep', 's');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.csv: no such file.');
    const noSweep = kdlab('runs', 'import', 'trials.csv');
    expect(noSweep.status).toBe(2);
    expect(noSweep.stderr).toContain("required option '--sweep <name>' not specified");
  });
  it('reports an unreachable PostgreSQL store in one line without its password (exit 1)', () => {
    const r = kdlab('runs', 'ls', '--store', 'postgres://kdlab:hunter2@127.0.0.1:1/kdlab');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^kdlab: cannot open PostgreSQL store postgres:\/\/kdlab:\*\*\*@127\.0\.0\.1:1\/kdlab: /);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
