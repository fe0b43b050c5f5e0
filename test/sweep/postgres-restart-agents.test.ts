/**
 * A PostgreSQL restart under running agents (real processes, the built CLI): they retry their
 * transactions with backoff, carry on, and the sweep completes with every grid point finished once.
 * Runs against a throwaway server of its own (initdb + pg_ctl on port 5498, as user postgres),
 * never the shared cluster; skipped where the server binaries or the postgres user are missing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { createSweep } from '../../src/sweep/run-sweep.js';

const BIN = '/usr/lib/postgresql/15/bin';
const PORT = 5498;
const URL_ = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;

function available(): string | undefined {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl'))) return 'PostgreSQL server binaries are not installed';
  if (process.getuid?.() !== 0) return 'needs root to run a server as user postgres';
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    return 'no postgres user';
  }
  return undefined;
}
const skip = available();

let dir: string;
const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe' });
const pgCtl = (...args: string[]) => asPostgres([join(BIN, 'pg_ctl'), '-D', join(dir, 'data'), '-w', ...args]);
const start = () => pgCtl('-l', join(dir, 'log'), '-o', `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`, 'start');

describe.skipIf(skip !== undefined)('PostgreSQL restart under running agents', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdlab-pg-agents-'));
    chmodSync(dir, 0o777);
    asPostgres([join(BIN, 'initdb'), '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    start();
  }, 120_000);
  afterAll(() => {
    try {
      pgCtl('-m', 'immediate', 'stop');
    } catch {
      /* already stopped */
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('agents ride out the restart and the sweep completes with every grid point once', async () => {
    const store = await openStore(URL_);
    let sweepId: string;
    try {
      const config = parseSweepConfig(
        `name: restart
method: grid
trainer: fake
parameters:
  epochs: { value: 10 }
  fake_sleep_ms: { value: 200 }
  x: { values: [0.1, 0.2, 0.3, 0.4] }
`,
        join(dir, 'restart.yaml'),
      );
      sweepId = (await createSweep(store, config)).id;
    } finally {
      await store.close();
    }
    const agents = [0, 1].map(() => {
      const child = spawn(process.execPath, [bin, 'agent', sweepId, '--store', URL_, '--quiet'], {
        env: { ...process.env, KDLAB_HEARTBEAT_MS: '200' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      return { code, stderr: () => stderr };
    });
    // Both agents are training (bounded wait), then the server goes away for a few seconds.
    let running = 0;
    for (let i = 0; i < 600 && running < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const s = await openStore(URL_, { mode: 'read' });
      running = (await s.countRuns({ sweep: sweepId })).running;
      await s.close();
    }
    expect(running).toBe(2);
    pgCtl('-m', 'fast', 'stop');
    await new Promise((r) => setTimeout(r, 3_000));
    start();

    for (const a of agents) {
      const code = await a.code;
      expect(a.stderr()).not.toMatch(/ECONNREFUSED|internal error/);
      expect(code).toBe(0);
    }
    const after = await openStore(URL_, { mode: 'read' });
    try {
      const runs = await after.listRuns({ sweep: sweepId });
      const finished = runs.filter((r) => r.state === 'finished');
      expect(finished.map((r) => r.params.x).sort()).toEqual([0.1, 0.2, 0.3, 0.4]);
      expect(runs.filter((r) => r.state !== 'finished')).toEqual([]);
    } finally {
      await after.close();
    }
  }, 180_000);
});
