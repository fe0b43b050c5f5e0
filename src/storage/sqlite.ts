/**
 * SqliteStore: the default engine, one file (better-sqlite3 12.x). WAL mode lets readers work while
 * an agent writes; every change runs in `BEGIN IMMEDIATE`, which takes the file's write lock at the
 * start, so agents in several processes on one file never claim the same run (the busy timeout
 * makes them wait for the lock instead of failing).
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { KdlabError, StorageError, UsageError } from '../errors.js';
import { checkSchema, migrate, SqlStore, type Row, type Tx } from './sql-store.js';
import type { StoreOptions } from './store.js';

export interface SqliteStoreOptions extends StoreOptions {
  /** How long a writer waits for another process's lock before failing (default 30 s). */
  readonly busyTimeoutMs?: number;
}

/**
 * One transaction queue per database file in this process. A transaction may await between its
 * statements while holding the file's write lock; a second connection of the same process asking
 * for that lock would block the event loop in SQLite's busy wait and never let the first commit.
 * Queuing all of a process's connections to a file avoids that; other processes wait on the lock.
 */
const queues = new Map<string, { tail: Promise<unknown>; users: number }>();

export class SqliteStore extends SqlStore {
  readonly url: string;
  private readonly queue: { tail: Promise<unknown>; users: number };
  private readonly statements = new Map<string, Database.Statement>();
  private readonly queueKey: string;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    options: StoreOptions,
  ) {
    super({ engine: 'sqlite', forUpdate: '', skipLocked: '', nextSweepSeq: '(SELECT COALESCE(MAX(seq), 0) + 1 FROM sweeps)' }, options);
    this.url = `sqlite:${path}`;
    const key = join(realpathSync(dirname(path)), basename(path));
    this.queue = queues.get(key) ?? { tail: Promise.resolve(), users: 0 };
    this.queue.users++;
    queues.set(key, this.queue);
    this.queueKey = key;
  }

  /**
   * Opens (creating if needed) the file and brings its schema up to date; with mode 'read', opens
   * an existing file read-only and only checks that it is a kdlab store (see StoreOptions.mode).
   */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    if (options.mode === 'read') return SqliteStore.openForReading(path, options);
    let store: SqliteStore;
    try {
      mkdirSync(dirname(path), { recursive: true });
      store = new SqliteStore(new Database(path, { timeout: options.busyTimeoutMs ?? 30_000 }), path, options);
    } catch (err) {
      throw new StorageError(`cannot open SQLite store ${path}: ${(err as Error).message}; check the path and its permissions`, {
        cause: err,
      });
    }
    try {
      await store.enqueue(async () => {
        store.db.pragma('journal_mode = WAL');
        store.db.pragma('synchronous = NORMAL');
        store.db.pragma('foreign_keys = ON');
      });
      await store.transaction((tx) => migrate(tx, 'sqlite', store.url), true);
    } catch (err) {
      await store.close();
      if (err instanceof StorageError) throw err;
      throw new StorageError(`cannot open SQLite store ${path}: ${(err as Error).message} (is it a kdlab run store?)`, { cause: err });
    }
    return store;
  }

  private static async openForReading(path: string, options: SqliteStoreOptions): Promise<SqliteStore> {
    let store: SqliteStore;
    try {
      store = new SqliteStore(
        new Database(path, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? 30_000 }),
        path,
        options,
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CANTOPEN')
        throw new UsageError(`no run store at ${path}; run a sweep or \`kdlab runs import\` first, or pass --store`, { cause: err });
      throw new StorageError(`cannot open SQLite store ${path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      await store.transaction((tx) => checkSchema(tx, 'sqlite', path), false);
    } catch (err) {
      await store.close();
      if (err instanceof KdlabError) throw err;
      // SQLITE_NOTADB: some other file with a .db name.
      throw new UsageError(`${path} is not a kdlab run store (${(err as Error).message})`, { cause: err });
    }
    return store;
  }

  /** One transaction at a time per file in this process (see `queues`). */
  protected transaction<T>(fn: (tx: Tx) => Promise<T>, write: boolean): Promise<T> {
    const run = async (): Promise<T> => {
      if (!this.db.open) throw new StorageError(`${this.url}: the store is closed`);
      this.db.exec(write ? 'BEGIN IMMEDIATE' : 'BEGIN');
      try {
        const result = await fn(this.conn);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    };
    return this.enqueue(run);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.tail.then(job, job);
    this.queue.tail = next.catch(() => undefined);
    return next;
  }

  private readonly conn: Tx = {
    query: async (sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
      let stmt = this.statements.get(sql);
      if (!stmt) {
        stmt = this.db.prepare(sql);
        this.statements.set(sql, stmt);
      }
      const values = params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? Number(p) : p));
      if (stmt.reader) return stmt.all(...values) as Row[];
      stmt.run(...values);
      return [];
    },
    exec: async (sql: string): Promise<void> => {
      this.db.exec(sql);
    },
  };

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.queue.tail;
    if (!this.db.open) return;
    this.db.close();
    if (--this.queue.users === 0) queues.delete(this.queueKey);
  }
}
