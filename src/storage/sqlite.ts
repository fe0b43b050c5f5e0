/**
 * SqliteStore: the default engine, one file (better-sqlite3 12.x). WAL mode lets readers work while
 * an agent writes; every change runs in `BEGIN IMMEDIATE`, which takes the file's write lock at the
 * start, so agents in several processes on one file never claim the same run (the busy timeout
 * makes them wait for the lock instead of failing).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StorageError } from '../errors.js';
import { migrate, SqlStore, type Row, type Tx } from './sql-store.js';
import type { StoreOptions } from './store.js';

export interface SqliteStoreOptions extends StoreOptions {
  /** How long a writer waits for another process's lock before failing (default 30 s). */
  readonly busyTimeoutMs?: number;
}

export class SqliteStore extends SqlStore {
  readonly url: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    options: StoreOptions,
  ) {
    super({ engine: 'sqlite', forUpdate: '', skipLocked: '' }, options);
    this.url = `sqlite:${path}`;
  }

  /** Opens (creating if needed) the file and brings its schema up to date. */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    let db: Database.Database;
    try {
      mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 30_000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    } catch (err) {
      throw new StorageError(`cannot open SQLite store ${path}: ${(err as Error).message}; check the path and its permissions`, { cause: err });
    }
    const store = new SqliteStore(db, path, options);
    try {
      await store.transaction((tx) => migrate(tx, 'sqlite', store.url), true);
    } catch (err) {
      db.close();
      if (err instanceof StorageError) throw err;
      throw new StorageError(`cannot open SQLite store ${path}: ${(err as Error).message} (is it a kdlab run store?)`, { cause: err });
    }
    return store;
  }

  /**
   * One transaction at a time per connection (a promise queue), since better-sqlite3 runs on one
   * connection and `fn` may await between statements.
   */
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
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
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
    await this.queue;
    if (this.db.open) this.db.close();
  }
}
