/**
 * The built CLI as a user meets it: flags parsed into options, exit codes, one-line errors, and the
 * one SIGINT handler. What each command does is tested by calling it (test/commands/).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/storage/open-store.js';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const dir = mkdtempSync(join(tmpdir(), 'kdlab-cli-'));
const kdlab = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, KDLAB_HEARTBEAT_MS: '100' } });

describe('kdlab CLI skeleton', () => {
  it('prints its version', () => {
    expect(execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  });
  it('rejects an unknown flag with exit code 2 and one clear line', () => {
    const r = kdlab('--no-such-flag');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('rejects an unknown command with exit code 2', () => {
    const r = kdlab('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
  it('lists every command in --help', () => {
    const out = kdlab('--help').stdout;
    for (const c of ['report', 'runs', 'train', 'ttest', 'sweep', 'agent', 'demo', 'experiment', 'rerun'])
      expect(out).toMatch(new RegExp(`\\n  ${c} `));
  });
});

describe('flags → options', () => {
  it('number flags: a bad value exits 2 naming the flag', () => {
    expect(kdlab('rerun', 'a', '--seeds', '3').status).toBe(2);
    const r = kdlab('rerun', 'a', '--top', '0', '--seeds', '3');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--top must be ≥ 1, got 0');
  });
  it('choice flags list the choices of the registry they come from', () => {
    const r = kdlab('runs', 'export', '--format', 'xlsx');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Allowed choices are csv, jsonl.');
    const b = kdlab('train', '--backend', 'gpu');
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('Allowed choices are auto, tensorflow, wasm, cpu.');
  });
  it('--loss is checked by the loss registry, which suggests a near miss: one line, exit 2', () => {
    const r = kdlab('train', '--loss', 'kd', '--store', 'memory:');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'kdlab: unknown loss "kd"; valid: ce, kl-temperature, cosine-temperature, cosine-scaling, mse-logits',
    ]);
  });
  it('a bad config is one located line and exit 2, before any training', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'dataset: digits\nmethod: random\nsweeps:\n  - name: a\n    los: ce\n    parameters: {}\n');
    const r = kdlab('experiment', 'bad.yaml', '--store', 'runs.db');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^kdlab: bad\.yaml:5:5: sweeps\.0\.los: unknown key \(did you mean "loss"\?\); remove it or use one of: .*\n$/,
    );
    expect(r.stdout).toBe('');
  });
  it('a store that does not exist is refused by readers (exit 2), and the command gets the working folder', () => {
    const r = kdlab('runs', 'ls');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `kdlab: no run store at ${join(dir, '.kdlab', 'runs.db')}; run a sweep or \`kdlab runs import\` first, or pass --store\n`,
    );
  });
  it('ttest: flags map to the command, which prints one line', () => {
    const sample = new URL('../../fixtures/runs/sample-runs.csv', import.meta.url).pathname;
    const r = kdlab(
      'ttest',
      sample,
      '--group',
      'Sweep',
      '--metric',
      'eval/accuracy',
      '--a',
      'cosine-scaling-fixed-k',
      '--b',
      'temperature',
      '--alternative',
      'greater',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Student's t-test \(greater\): statistic=1\.7542, pvalue=0\.04022, df=294, 95% CI/);
  });
  it('report: a bad column exits 2 with one line naming it', () => {
    const sample = new URL('../../fixtures/runs/sample-runs.csv', import.meta.url).pathname;
    const r = kdlab('report', sample, '--group', 'sweep', '--no-html');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kdlab: --group: no column "sweep" in the table; did you mean "Sweep"?\n');
  });
});

describe('Ctrl-C', () => {
  it('sweep run: SIGINT stops the agents cleanly and the process exits 130', async () => {
    writeFileSync(
      join(dir, 'slow.yaml'),
      'name: slow\nmethod: grid\ntrainer: fake\nepochs: 50\nparameters:\n  fake_sleep_ms: { value: 200 }\n  x: { values: [0.1, 0.2] }\n',
    );
    const child = spawn(process.execPath, [bin, 'sweep', 'run', 'slow.yaml', '--store', 'slow.db', '--agents', '1'], {
      cwd: dir,
      env: { ...process.env, KDLAB_HEARTBEAT_MS: '100' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Wait until a run is training, then interrupt the parent only.
    let running = false;
    for (let i = 0; i < 1200 && !running; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const store = await openStore(join(dir, 'slow.db'), { mustExist: true });
        running = (await store.listRuns()).some((r) => r.state === 'running');
        await store.close();
      } catch {
        // not created yet
      }
    }
    expect(running).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('kdlab: interrupted: stopping the running run(s) cleanly');
    const store = await openStore(join(dir, 'slow.db'));
    const states = (await store.listRuns()).map((r) => r.state);
    await store.close();
    expect(states).toContain('killed');
    expect(states).not.toContain('running');
  });
});
