/**
 * PostgresStore: the engine for agents on several machines (`pg`). Claims pick the oldest pending
 * run with `FOR UPDATE SKIP LOCKED`, so concurrent agents pass each other by instead of queueing;
 * every change is one transaction on a pooled connection; migrations run under an advisory lock so
 * agents starting together apply each migration once. `?schema=NAME` in the URL keeps kdlab's
 * tables in their own schema (created if missing).
 */
import pg from 'pg';
import { KdlabError, StorageError } from '../errors.js';
import { redactUrl } from './open-store.js';
import { checkSchema, migrate, SqlStore, type Row, type Tx } from './sql-store.js';
import type { StoreOptions } from './store.js';

export interface PostgresStoreOptions extends StoreOptions {
  /** Pool size (default 4: an agent needs one connection at a time, plus heartbeats). */
  readonly maxConnections?: number;
  /**
   * How long a transaction keeps retrying, with backoff, when the server cannot be reached (a
   * restart, a failover) before failing with a StorageError (default 60 s). Opening never retries:
   * a wrong URL should fail at once.
   */
  readonly retryForMs?: number;
}

/** Errors that mean "the server is not reachable right now", not "the query is wrong". */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** SQLSTATE classes 08 (connection exception) and 57P01–57P03 (shutdown, crash, starting up). */
const CONNECTION_STATES = /^(08|57P0[123])/;

export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && (CONNECTION_ERRORS.has(e.code) || CONNECTION_STATES.test(e.code))) return true;
  return (
    typeof e?.message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(e.message)
  );
}

export class PostgresStore extends SqlStore {
  /** 0 while opening (no retries), then PostgresStoreOptions.retryForMs. */
  private retryForMs = 0;

  private constructor(
    private readonly pool: pg.Pool,
    readonly url: string,
    options: StoreOptions,
  ) {
    super({ engine: 'postgres', forUpdate: ' FOR UPDATE', skipLocked: ' FOR UPDATE SKIP LOCKED', nextSweepSeq: 'DEFAULT' }, options);
  }

  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const shown = redactUrl(url);
    let connectionString: string;
    let schema: string | undefined;
    try {
      const u = new URL(url);
      schema = u.searchParams.get('schema') ?? undefined;
      u.searchParams.delete('schema');
      connectionString = u.toString();
    } catch {
      throw new StorageError(`invalid PostgreSQL URL ${shown}; expected postgres://user:password@host:5432/database`);
    }
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new StorageError(`invalid schema name ${JSON.stringify(schema)} in ${shown}: use letters, digits and _`);
    }
    const pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: 10_000,
      // A reader's session is read-only on the server too: a write through it is refused.
      ...(schema || options.mode === 'read'
        ? {
            options: [schema && `-c search_path=${schema}`, options.mode === 'read' && '-c default_transaction_read_only=on']
              .filter(Boolean)
              .join(' '),
          }
        : {}),
    });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool, shown, options);
    try {
      // One lock for every kdlab schema of the database: agents starting together create the
      // schema and apply each migration once (CREATE … IF NOT EXISTS alone races).
      if (options.mode === 'read') await store.transaction((tx) => checkSchema(tx, 'postgres', shown), false);
      else
        await store.transaction(async (tx) => {
          await tx.query("SELECT pg_advisory_xact_lock(hashtext('kdlab.migrate'))");
          if (schema) await tx.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
          await migrate(tx, 'postgres', shown);
        }, true);
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (err instanceof KdlabError) throw err;
      throw new StorageError(
        `cannot open PostgreSQL store ${shown}: ${describe(err)}; check that the server runs and the URL, user and password are right`,
        { cause: err },
      );
    }
    store.retryForMs = options.retryForMs ?? 60_000;
    return store;
  }

  /**
   * One transaction; if the server cannot be reached before COMMIT is sent, the server has rolled
   * it back, so it is retried with backoff (0.25 s doubling to 5 s) for up to retryForMs. A
   * connection lost during COMMIT is not retried: the commit may have happened.
   */
  protected async transaction<T>(fn: (tx: Tx) => Promise<T>, write: boolean): Promise<T> {
    const start = Date.now();
    for (let attempt = 0; ; attempt++) {
      const state = { committing: false };
      try {
        return await this.once(fn, write, state);
      } catch (err) {
        if (state.committing || !isConnectionError(err) || this.retryForMs <= 0) throw err;
        const waited = Date.now() - start;
        if (waited >= this.retryForMs)
          throw new StorageError(
            `${this.url}: the PostgreSQL server was unreachable for ${Math.round(waited / 1000)} s (${describe(err)}); check that it runs`,
            { cause: err },
          );
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 5_000, this.retryForMs - waited)));
      }
    }
  }

  private async once<T>(fn: (tx: Tx) => Promise<T>, _write: boolean, state: { committing: boolean }): Promise<T> {
    const client = await this.pool.connect();
    // A server that goes away mid-query also emits 'error' on the checked-out client, which the
    // pool no longer listens to: unhandled, it would end the process. The query rejects anyway.
    const ignore = () => undefined;
    client.on('error', ignore);
    let failure: unknown;
    const tx: Tx = {
      query: async (sql, params = []) => (await client.query(numbered(sql), params as unknown[])).rows as Row[],
      exec: async (sql) => {
        await client.query(sql);
      },
    };
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      state.committing = true;
      await client.query('COMMIT');
      return result;
    } catch (err) {
      failure = err;
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      // A broken connection must not go back to the pool for the next transaction.
      client.off('error', ignore);
      client.release(isConnectionError(failure) ? true : undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `?` placeholders → `$1, $2, …` (kdlab's queries have no `?` inside literals). */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

function describe(err: unknown): string {
  const e = err as { message?: string; code?: string };
  if (e?.message) return e.message;
  return e?.code ?? String(err);
}
