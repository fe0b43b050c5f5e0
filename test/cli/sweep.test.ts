import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const kdlab = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, KDLAB_HEARTBEAT_MS: '100' } });

describe('kdlab sweep / agent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kdlab-cli-sweep-'));
  writeFileSync(join(dir, 'g.yaml'), 'method: grid\ntrainer: fake\nepochs: 2\nparameters:\n  x: { values: [0.2, 0.5, 0.9] }\n');
  writeFileSync(join(dir, 'bad.yaml'), 'method: grid\ntrainer: fake\nparameters:\n  x: { values: [0.2, 0.5] }\nrun_cpa: 3\n');

  it('rejects a bad config with one line naming file:line:column, exit 2', () => {
    const r = kdlab(dir, 'sweep', 'create', 'bad.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kdlab: bad\.yaml:5:1: run_cpa: unknown key \(did you mean "run_cap"\?\)/);
  });

  it('creates a sweep into the default store, runs it with an agent, and reports its status', () => {
    const created = kdlab(dir, 'sweep', 'create', 'g.yaml');
    expect(created.status).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^\S+$/);
    const agent = kdlab(dir, 'agent', id, '--count', '2');
    expect(agent.status).toBe(0);
    expect(agent.stdout).toMatch(/agent .*: 2 runs \(2 finished\)/);
    const status = kdlab(dir, 'sweep', 'status', 'g');
    expect(status.status).toBe(0);
    const [header, row] = status.stdout.split('\n');
    expect(header).toMatch(/^sweep\s+method\s+state\s+done\/total\s+running\s+failed\s+crashed\s+pruned\s+best$/);
    expect(row).toMatch(/^g\s+grid\s+running\s+2\/3\s+0\s+0\s+0\s+0\s+eval\/accuracy=0\.\d{4}$/);
  });

  it('sweep run resumes the sweep of the same config and finishes it, printing one line per run', () => {
    const r = kdlab(dir, 'sweep', 'run', 'g.yaml', '--agents', '2');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^resuming sweep g /);
    expect(r.stdout.match(/ run g-\d finished /g)).toHaveLength(1);
    expect(r.stdout).toMatch(/sweep g: 3\/3 done, 3 finished/);
  });

  it('names an unknown sweep', () => {
    const r = kdlab(dir, 'agent', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kdlab: no sweep "nope" in sqlite:/);
  });
});
