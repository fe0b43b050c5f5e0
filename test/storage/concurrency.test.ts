/**
 * Several connections and processes on one store: each pending run is claimed exactly once, the run
 * cap holds, and concurrent openings migrate once. SQLite and PostgreSQL (the engines agents share).
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/storage/migrations/index.js';
import type { Store } from '../../src/storage/store.js';
import { STORE_MODES, type StoreLocation } from './helpers.js';

const worker = new URL('./claim-worker.mjs', import.meta.url).pathname;

/** Starts agent processes, releases them together once all are ready, returns what each claimed. */
async function runWorkers(url: string, sweep: string, names: string[]): Promise<string[][]> {
  const procs = names.map((name) => spawn('node', [worker, url, sweep, name], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const outputs = procs.map((p) => {
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    return {
      ready: new Promise<void>((resolve, reject) => {
        p.stdout.on('data', () => out.includes('ready\n') && resolve());
        p.on('exit', () => reject(new Error('worker exited before it was ready')));
      }),
      done: new Promise<string>((resolve, reject) =>
        p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exit ${code}`)))),
      ),
    };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const p of procs) p.stdin.end();
  return Promise.all(outputs.map(async (o) => JSON.parse((await o.done).split('\n')[1]) as string[]));
}
const metric = { name: 'value', goal: 'maximize' } as const;

describe.each(STORE_MODES.filter((m) => m.name !== 'memory'))('shared store: $name', (mode) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async (ctx) => {
    if (mode.skip) ctx.skip(mode.skip);
    loc = await mode.fresh();
    store = await loc.open();
    await store.createSweep({ name: 'grid', method: 'grid', metric, config: {} });
  });
  afterEach(async () => {
    if (mode.skip) return;
    await store.close();
    await loc.dispose();
  });

  it('3 agent processes × 20 runs: 60 finished, each claimed exactly once', async () => {
    await store.addRuns(
      'grid',
      Array.from({ length: 60 }, (_, i) => ({ params: { i }, key: String(i) })),
    );
    const claimed = (await runWorkers(loc.url!, 'grid', ['a', 'b', 'c'])).flat();
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
    const runs = await store.listRuns({ sweep: 'grid', withHistory: true });
    expect(runs.every((r) => r.state === 'finished' && r.summary.value === (r.params.i as number) * 2 && r.history!.length === 1)).toBe(
      true,
    );
    expect(new Set(runs.map((r) => r.params.i)).size).toBe(60);
    expect(runs.every((r) => ['a', 'b', 'c'].includes(r.worker!))).toBe(true);
  });

  it('many connections claiming at once never share a run', async () => {
    await store.addRuns(
      'grid',
      Array.from({ length: 40 }, (_, i) => ({ params: { i } })),
    );
    const others = await Promise.all([1, 2, 3].map(() => loc.open()));
    try {
      const claims = await Promise.all(
        [store, ...others].flatMap((s, j) => Array.from({ length: 12 }, (_, i) => s.claimRun('grid', `c${j}-${i}`))),
      );
      const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
  });

  it('concurrent capped inserts from several connections stop exactly at the cap', async () => {
    const others = await Promise.all([1, 2, 3].map(() => loc.open()));
    try {
      const added = await Promise.all(
        [store, ...others].flatMap((s, j) => Array.from({ length: 5 }, (_, i) => s.addRuns('grid', [{ params: { j, i } }], { cap: 11 }))),
      );
      expect(added.flat()).toHaveLength(11);
      expect((await store.countRuns({ sweep: 'grid' })).pending).toBe(11);
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
  });

  it('agents opening a new store at once create it and migrate it once', async () => {
    const fresh = await mode.fresh();
    try {
      const stores = await Promise.all([1, 2, 3, 4].map(() => fresh.open()));
      const created = await Promise.allSettled(stores.map((s) => s.createSweep({ name: 'same', method: 'grid', metric, config: {} })));
      expect(created.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      for (const c of created)
        if (c.status === 'rejected') expect(String((c.reason as Error).message)).toMatch(/a sweep named "same" already exists/);
      expect(await schemaVersions(stores[0])).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await fresh.dispose();
    }
  });

  it('an agent killed inside a transaction leaves nothing half-written and blocks no one', async () => {
    const [a] = await store.addRuns('grid', [{ params: { i: 1 } }]);
    const url = mode.name === 'postgres' ? storeUrlWithPassword(store.url) : store.url;
    const child = spawn('node', [new URL('./die-in-transaction.mjs', import.meta.url).pathname, url, a.id], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    expect(out).toBe('locked\n');
    if (mode.name === 'postgres') await backendGone(url);
    expect((await store.getRun(a.id))!.state).toBe('pending');
    expect(await store.claimRun('grid', 'survivor')).toMatchObject({ id: a.id, worker: 'survivor' });
  });

  it('reopening keeps the data and applies no migration twice', async () => {
    const r = await store.addRun('grid', { params: { i: 1 }, state: 'finished', summary: { value: 2 } });
    await store.close();
    const reopened = await Promise.all([1, 2, 3].map(() => loc.open()));
    store = reopened[0];
    await Promise.all(reopened.slice(1).map((s) => s.close()));
    expect(await store.getRun(r.id)).toMatchObject({ state: 'finished', summary: { value: 2 } });
    expect((await store.getSweep('grid'))!.name).toBe('grid');
    expect(await schemaVersions(store)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });
});

/** The versions recorded in schema_version, read through a second, raw connection. */
async function schemaVersions(store: Store): Promise<number[]> {
  if (store.url.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(store.url.slice('sqlite:'.length), { readonly: true });
    try {
      return (db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version);
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const u = new URL(storeUrlWithPassword(store.url));
  const s = u.searchParams.get('schema')!;
  u.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const rows = (await client.query(`SELECT version FROM "${s}".schema_version ORDER BY version`)).rows as { version: number }[];
    return rows.map((r) => r.version);
  } finally {
    await client.end();
  }
}

/** Waits until the server has noticed the killed client and rolled its transaction back. */
async function backendGone(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const u = new URL(url);
  u.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%doomed%' AND pid <> pg_backend_pid()",
      );
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

/** Store.url hides the password; the test knows it from KDLAB_TEST_PG. */
function storeUrlWithPassword(redacted: string): string {
  const real = new URL(process.env.KDLAB_TEST_PG!);
  const u = new URL(redacted);
  u.password = real.password;
  return u.toString();
}
