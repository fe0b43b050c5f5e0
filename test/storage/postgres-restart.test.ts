/**
 * A PostgreSQL restart under an open store: transactions retry the connection with backoff and
 * carry on, instead of ending the agent with ECONNREFUSED. Runs against a throwaway server of its
 * own (initdb + pg_ctl on port 5499, as user postgres), never the shared cluster; skipped where
 * the PostgreSQL server binaries or the postgres user are missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.js';
import { PostgresStore, isConnectionError } from '../../src/storage/postgres.js';

const BIN = '/usr/lib/postgresql/15/bin';
const PORT = 5499;
const URL_ = `postgres://postgres@127.0.0.1:${PORT}/postgres`;

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

describe.skipIf(skip !== undefined)('PostgresStore across a server restart', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdlab-pg-'));
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

  it('a transaction issued while the server is down completes once it is back', async () => {
    const store = await PostgresStore.open(URL_, { retryForMs: 60_000 });
    try {
      await store.createSweep({ name: 's', method: 'random', metric: { name: 'acc', goal: 'maximize' }, config: {} });
      pgCtl('-m', 'fast', 'stop');
      // Started again while addRuns is already retrying.
      const restarted = delay(1500).then(() => start());
      const added = await store.addRuns('s', [{ params: { i: 1 } }, { params: { i: 2 } }]);
      await restarted;
      expect(added).toHaveLength(2);
      expect((await store.listRuns({ sweep: 's' })).map((r) => r.params)).toEqual([{ i: 1 }, { i: 2 }]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('gives up after retryForMs with one StorageError line', async () => {
    const store = await PostgresStore.open(URL_, { retryForMs: 1000 });
    pgCtl('-m', 'fast', 'stop');
    try {
      const err: unknown = await store.listSweeps().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StorageError);
      expect((err as Error).message).toMatch(
        /^postgres:\/\/postgres@127\.0\.0\.1:5499\/postgres: the PostgreSQL server was unreachable for \d+ s \(.+\); check that it runs$/,
      );
      expect(isConnectionError((err as Error).cause)).toBe(true);
    } finally {
      start();
      await store.close();
    }
  }, 120_000);
});

describe('isConnectionError', () => {
  it('tells an unreachable server from a bad query', () => {
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(
      true,
    );
    expect(isConnectionError(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});
