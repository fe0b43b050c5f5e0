import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('kdlab CLI skeleton', () => {
  it('prints its version', () => {
    expect(execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  });
  it('rejects an unknown flag with exit code 2 and one clear line', () => {
    const r = spawnSync('node', [bin, '--no-such-flag'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('rejects an unknown command with exit code 2', () => {
    const r = spawnSync('node', [bin, 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe('kdlab report and ttest at the CLI', () => {
  const sample = new URL('../../fixtures/runs/sample-runs.csv', import.meta.url).pathname;
  it('report: a bad column exits 2 with one line naming it and the near misses', () => {
    const r = spawnSync('node', [bin, 'report', sample, '--group', 'sweep', '--no-html'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kdlab: --group: no column "sweep" in the table; did you mean "Sweep"?\n');
  });
  it('report: a missing file exits 2 without a stack trace', () => {
    const r = spawnSync('node', [bin, 'report', 'no-such.csv', '--no-html'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['kdlab: no-such.csv: no such file.']);
  });
  it('report --no-html on the sample prints the tables and exits 0', () => {
    const r = spawnSync('node', [bin, 'report', sample, '--baseline', 'temperature', '--alternative', 'greater', '--no-html'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('runs by group');
    expect(r.stdout).toContain('→ cosine-scaling-fixed-k is more accurate than temperature');
  });
  it('ttest prints one line with the test, statistic, pvalue, df and CI', () => {
    const r = spawnSync(
      'node',
      [
        bin,
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
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Student's t-test \(greater\): statistic=1\.7542, pvalue=0\.04022, df=294, 95% CI/);
  });
});
