import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kdlab-cli-experiment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const kdlab = (...args: string[]) => spawnSync('node', [bin, ...args], { cwd: dir, encoding: 'utf8' });

describe('kdlab experiment / rerun / demo on the command line', () => {
  it('rejects a misspelt key in the experiment with one located line and exit code 2, before training', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'dataset: digits\nmethod: random\nsweeps:\n  - name: a\n    los: ce\n    parameters: {}\n');
    const r = kdlab('experiment', 'bad.yaml', '--store', 'runs.db');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'kdlab: bad.yaml:5:5: sweeps.0.los: unknown key (did you mean "loss"?); remove it or use one of: ' +
        r.stderr.split('use one of: ')[1],
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
  it('rerun needs --top and --seeds, and rejects a bad count', () => {
    expect(kdlab('rerun', 'a', '--seeds', '3').status).toBe(2);
    const r = kdlab('rerun', 'a', '--top', '0', '--seeds', '3');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--top must be ≥ 1, got 0');
  });
  it('rerun names a sweep that is not in the store', () => {
    const r = kdlab('rerun', 'nope', '--top', '1', '--seeds', '2', '--store', 'empty.db');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kdlab: unknown sweep "nope" in sqlite:.*empty\.db; sweeps: none\n$/);
  });
  it('lists demo, experiment and rerun in --help', () => {
    const out = kdlab('--help').stdout;
    for (const c of ['demo', 'experiment', 'rerun']) expect(out).toMatch(new RegExp(`\\n  ${c} `));
  });
});
