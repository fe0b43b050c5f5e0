import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError, UsageError } from '../../src/errors.js';
import { MemoryStore } from '../../src/storage/memory.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { DEFAULT_STORE_PATH, openStore, parseStoreUrl, redactUrl } from '../../src/storage/open-store.js';

describe('parseStoreUrl', () => {
  const cwd = '/home/u/project';
  it('defaults to the SQLite file .kdlab/runs.db under cwd', () => {
    expect(parseStoreUrl(undefined, cwd)).toEqual({ engine: 'sqlite', path: resolve(cwd, DEFAULT_STORE_PATH) });
  });
  it('reads memory:, sqlite:PATH, bare .db/.sqlite paths and postgres URLs', () => {
    expect(parseStoreUrl('memory:', cwd)).toEqual({ engine: 'memory' });
    expect(parseStoreUrl('sqlite:runs/a.db', cwd)).toEqual({ engine: 'sqlite', path: '/home/u/project/runs/a.db' });
    expect(parseStoreUrl('sqlite:/abs/x', cwd)).toEqual({ engine: 'sqlite', path: '/abs/x' });
    expect(parseStoreUrl('out.sqlite', cwd)).toEqual({ engine: 'sqlite', path: '/home/u/project/out.sqlite' });
    expect(parseStoreUrl('/data/runs.db', cwd)).toEqual({ engine: 'sqlite', path: '/data/runs.db' });
    expect(parseStoreUrl('postgres://u:p@h/db', cwd)).toEqual({ engine: 'postgres', url: 'postgres://u:p@h/db' });
    expect(parseStoreUrl('postgresql://h/db', cwd)).toEqual({ engine: 'postgres', url: 'postgresql://h/db' });
  });
  it('rejects anything else with one line naming the accepted forms, without the password', () => {
    expect(() => parseStoreUrl('mysql://u:hunter2@h/db', cwd)).toThrow(UsageError);
    expect(() => parseStoreUrl('mysql://u:hunter2@h/db', cwd)).toThrow(
      /^unknown store "mysql:\/\/u:\*\*\*@h\/db": use memory:, sqlite:PATH/,
    );
    expect(() => parseStoreUrl('runs.csv', cwd)).toThrow(UsageError);
    expect(() => parseStoreUrl('sqlite:', cwd)).toThrow(/needs a file path/);
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://kdlab:s3cr%40t@db.lan:5432/runs?schema=a')).toBe('postgres://kdlab:***@db.lan:5432/runs?schema=a');
    expect(redactUrl('postgres://kdlab@db.lan/runs')).toBe('postgres://kdlab@db.lan/runs');
  });
});

describe('openStore', () => {
  it('passes a Store instance through', async () => {
    const store = new MemoryStore();
    expect(await openStore(store)).toBe(store);
  });
  it('opens a memory store', async () => {
    const store = await openStore('memory:');
    expect(store.url).toBe('memory:');
    await store.close();
  });
  it('creates the default SQLite file under cwd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-open-'));
    try {
      const store = await openStore(undefined, { cwd: dir });
      expect(store.url).toBe(`sqlite:${join(dir, '.kdlab', 'runs.db')}`);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a file that is not a SQLite database with one StorageError line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-open-'));
    try {
      writeFileSync(join(dir, 'runs.db'), 'id,name\n1,a\n'.repeat(100));
      const err = await openStore(join(dir, 'runs.db')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as Error).message).toMatch(/^cannot open SQLite store .*runs\.db: file is not a database/);
      expect((err as Error).message).not.toContain('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a store written by a newer kdlab (a schema version it does not know)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-open-'));
    try {
      const path = join(dir, 'runs.db');
      await (await openStore(path)).close();
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(path);
      db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', '2030-01-01')").run();
      db.close();
      await expect(openStore(path)).rejects.toThrow(/schema version 999, newer than this kdlab's \d+; upgrade kdlab/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('upgrades a store written at schema version 1, keeping its data and sweep order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-open-'));
    try {
      const path = join(dir, 'runs.db');
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(path);
      db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      db.exec(MIGRATIONS[0].sqlite);
      db.prepare("INSERT INTO schema_version VALUES (1, 'initial', '2026-01-01')").run();
      const sweep = db.prepare(
        "INSERT INTO sweeps VALUES (?, ?, 'grid', 'acc', 'maximize', '{}', NULL, 'running', '2026-01-01T00:00:00.000Z')",
      );
      sweep.run('zz', 'first');
      sweep.run('aa', 'second');
      db.prepare(
        "INSERT INTO runs (id, sweep_id, state, params, created_at) VALUES ('r1', 'zz', 'pending', '{\"lr\":0.1}', '2026-01-01T00:00:00.000Z')",
      ).run();
      db.close();
      const store = await openStore(path);
      await store.createSweep({ name: 'third', method: 'grid', metric: { name: 'acc', goal: 'maximize' }, config: {} });
      expect((await store.listSweeps()).map((s) => s.name)).toEqual(['first', 'second', 'third']);
      expect(await store.getRun('r1')).toMatchObject({ sweep: 'first', params: { lr: 0.1 }, state: 'pending', attempt: 1 });
      await store.close();
      const check = new Database(path, { readonly: true });
      expect(check.prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual(
        MIGRATIONS.map((m) => ({ version: m.version })),
      );
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('reports an unreachable PostgreSQL server in one line without the password', async () => {
    // Port 1 on the loopback refuses at once; no server is needed for this test.
    const err = await openStore('postgres://kdlab:hunter2@127.0.0.1:1/kdlab').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/^cannot open PostgreSQL store postgres:\/\/kdlab:\*\*\*@127\.0\.0\.1:1\/kdlab: .*ECONNREFUSED/);
    expect((err as Error).message).not.toContain('hunter2');
    expect((err as Error).message).not.toContain('\n');
  });
  it.skipIf(!process.env.KDLAB_TEST_PG)('reports a wrong password without echoing it', async () => {
    const u = new URL(process.env.KDLAB_TEST_PG!);
    u.password = 'definitely-wrong-pw';
    const err = await openStore(u.toString()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).not.toContain('definitely-wrong-pw');
  });
});

describe("openStore with mode 'read' on files that are not kdlab stores", () => {
  const dir = mkdtempSync(join(tmpdir(), 'kdlab-read-'));
  const snapshot = () =>
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]);

  it('refuses an unrelated SQLite database and leaves it byte for byte as it was', async () => {
    const path = join(dir, 'f.db');
    const db = new Database(path);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')");
    db.close();
    const before = snapshot();
    const err: unknown = await openStore(path, { mode: 'read' }).then(
      (s) => s.close(),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      `${path} is not a kdlab run store (it has no kdlab tables); give a store that a sweep or \`kdlab runs import\` wrote`,
    );
    expect(snapshot()).toEqual(before);
  });

  it('refuses a file that is not SQLite at all', async () => {
    const path = join(dir, 'text.db');
    writeFileSync(path, 'group,acc\nA,1\n'.repeat(100));
    await expect(openStore(path, { mode: 'read' })).rejects.toThrow(new RegExp(`^${path} is not a kdlab run store \\(`));
  });

  it('does not create a missing file (--store typo.db)', async () => {
    const path = join(dir, 'typo.db');
    await expect(openStore(path, { mode: 'read' })).rejects.toThrow(UsageError);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a store with a newer schema without touching it', async () => {
    const path = join(dir, 'future.db');
    await (await openStore(path)).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'future', 'x');
    db.close();
    const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = hash();
    await expect(openStore(path, { mode: 'read' })).rejects.toThrow(StorageError);
    await expect(openStore(path, { mode: 'read' })).rejects.toThrow(/schema version 999, newer than/);
    // The store's own file (a WAL reader may leave SQLite's -shm beside it, as any reader does).
    expect(hash()).toBe(before);
  });
});
