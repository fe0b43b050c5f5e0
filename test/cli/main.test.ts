/**
 * The built CLI as a user meets it: flags parsed into options, exit codes, one-line errors, and the
 * one SIGINT handler. What each command does is tested by calling it (test/commands/).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('output edges', () => {
  it('`runs export | head -1`: a closed pipe ends output quietly, exit 0, no stack trace', () => {
    const xs = Array.from({ length: 3000 }, (_, i) => i).join(', ');
    writeFileSync(join(dir, 'big.yaml'), `name: big\nmethod: grid\ntrainer: fake\nparameters:\n  x: { values: [${xs}] }\n`);
    expect(kdlab('sweep', 'create', 'big.yaml', '--store', 'big.db').status).toBe(0);
    // Far more than a pipe holds, so kdlab is still writing when head has gone.
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" runs export --store big.db | head -1`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  }, 60_000);

  it('a full disk is one line, not an internal error (where a small tmpfs can be mounted)', (ctx) => {
    const mnt = mkdtempSync(join(tmpdir(), 'kdlab-full-'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status !== 0) {
      rmSync(mnt, { recursive: true, force: true });
      return ctx.skip('cannot mount a tmpfs here (needs root)');
    }
    try {
      // Fill it: the write fails with ENOSPC wherever the report starts writing.
      spawnSync('sh', ['-c', `cat /dev/zero > ${mnt}/filler`]);
      const sample = new URL('../../fixtures/runs/sample-runs.csv', import.meta.url).pathname;
      const r = kdlab('report', sample, '--no-html', '--json', join(mnt, 'results.json'));
      expect(r.stderr).toMatch(/^kdlab: (.*: )?the disk is full \(ENOSPC\); free some space and run the command again\n$/);
      expect(r.status).toBe(1);
      // Written beside and renamed: no partial file is left under the name.
      expect(existsSync(join(mnt, 'results.json'))).toBe(false);
    } finally {
      spawnSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });

  it('a huge value echoed in an error line is cut', () => {
    const sample = new URL('../../fixtures/runs/sample-runs.csv', import.meta.url).pathname;
    const huge = 'g'.repeat(100_000);
    const r = kdlab('ttest', sample, '--group', 'Sweep', '--metric', 'eval/accuracy', '--a', huge, '--b', 'temperature');
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`--a: no group "${'g'.repeat(80)}…" (100000 characters) in column "Sweep"`);
    expect(lines[0].length).toBeLessThan(1000);
  });
});

/**
 * Starts `kdlab ARGS`, waits (bounded) until a run in `db` is training, sends SIGINT to that process
 * only, and returns its exit code, its stderr and the states of the runs it left.
 */
async function interruptWhileTraining(args: string[], db: string): Promise<{ code: number | null; stderr: string; states: string[] }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dir,
    env: { ...process.env, KDLAB_HEARTBEAT_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = false;
  for (let i = 0; i < 2400 && !running && child.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      const store = await openStore(join(dir, db), { mustExist: true });
      running = (await store.listRuns()).some((r) => r.state === 'running');
      await store.close();
    } catch {
      // not created yet
    }
  }
  expect(running).toBe(true);
  child.kill('SIGINT');
  const code = await exited;
  const store = await openStore(join(dir, db));
  const states = (await store.listRuns()).map((r) => r.state);
  await store.close();
  return { code, stderr, states };
}

const SLOW_SWEEP =
  'name: slow\nmethod: grid\ntrainer: fake\nepochs: 50\nparameters:\n  fake_sleep_ms: { value: 200 }\n  x: { values: [0.1, 0.2] }\n';

describe('Ctrl-C: every long-running command exits 130, so `kdlab … && next` stops', () => {
  it('sweep run: SIGINT stops the agents cleanly and the process exits 130', async () => {
    writeFileSync(join(dir, 'slow.yaml'), SLOW_SWEEP);
    const r = await interruptWhileTraining(['sweep', 'run', 'slow.yaml', '--store', 'slow.db', '--agents', '1'], 'slow.db');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('kdlab: interrupted: stopping the running run(s) cleanly');
    expect(r.states).toContain('killed');
    expect(r.states).not.toContain('running');
  }, 120_000);

  it('agent: exits 130 and records its run as killed', async () => {
    writeFileSync(join(dir, 'slow-agent.yaml'), SLOW_SWEEP.replace('name: slow', 'name: slow-agent'));
    expect(kdlab('sweep', 'create', 'slow-agent.yaml', '--store', 'agent.db').status).toBe(0);
    const r = await interruptWhileTraining(['agent', 'slow-agent', '--store', 'agent.db'], 'agent.db');
    expect(r.code).toBe(130);
    expect(r.states).toContain('killed');
    expect(r.states).not.toContain('running');
  }, 120_000);

  it('experiment: exits 130 (not 0) and writes no report', async () => {
    writeFileSync(
      join(dir, 'slow-exp.yaml'),
      'name: slow-exp\ndataset: digits\ntrainer: fake\nmethod: grid\nparameters:\n  epochs: { value: 50 }\n  fake_sleep_ms: { value: 200 }\n  x: { values: [0.1, 0.2] }\nsweeps:\n  - name: a\n    loss: kl-temperature\n  - name: b\n    loss: ce\nreport: { baseline: a }\n',
    );
    const r = await interruptWhileTraining(
      ['experiment', 'slow-exp.yaml', '--store', 'exp.db', '--agents', '1', '--out', 'exp-reports'],
      'exp.db',
    );
    expect(r.code).toBe(130);
    expect(r.states).toContain('killed');
    expect(r.states).not.toContain('running');
    expect(existsSync(join(dir, 'exp-reports'))).toBe(false);
  }, 120_000);

  it('train: exits 130 (not 2) and records the run as killed', async () => {
    const r = await interruptWhileTraining(
      [
        'train',
        '--store',
        'train.db',
        '--epochs',
        '500',
        '--teacher-hidden',
        '8',
        '--teacher-epochs',
        '2',
        '--student-hidden',
        '4',
        '--cache-dir',
        'cache',
        '--no-progress',
      ],
      'train.db',
    );
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted: run \S+ recorded as killed/);
    expect(r.states).toEqual(['killed']);
  }, 180_000);
});
