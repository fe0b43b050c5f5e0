/**
 * openStore: one entry point from a URL to a Store (Optuna's get_storage).
 *
 *   undefined              → SQLite file .kdlab/runs.db (relative to `cwd`)
 *   memory:                → MemoryStore (nothing persists)
 *   sqlite:PATH            → SQLite file PATH; a bare path ending .db/.sqlite/.sqlite3 also works
 *   postgres://… / postgresql://… → PostgreSQL; `?schema=NAME` keeps kdlab's tables in that schema
 *   a Store                → itself
 *
 * Readers (report on a store, sweep status, runs ls, runs export, runs logs) pass `mode: 'read'`:
 * nothing is created or migrated, and a file that is not a kdlab store is refused (exit 2).
 *
 * Engines load lazily, so memory users never load the native SQLite module or `pg`.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { MemoryStore } from './memory.js';
import type { Store, StoreOptions } from './store.js';

export const DEFAULT_STORE_PATH = '.kdlab/runs.db';

export interface OpenStoreOptions extends StoreOptions {
  /** Directory relative SQLite paths resolve against (default process.cwd()). */
  readonly cwd?: string;
  /** Refuse to create a new SQLite file (readers such as export: a typo must not make an empty store); implied by mode 'read'. */
  readonly mustExist?: boolean;
}

export type StoreLocation =
  | { readonly engine: 'memory' }
  | { readonly engine: 'sqlite'; readonly path: string }
  | { readonly engine: 'postgres'; readonly url: string };

/** Parses a store URL without opening anything (pure; for messages and tests). */
export function parseStoreUrl(url: string | undefined, cwd: string = process.cwd()): StoreLocation {
  if (url === undefined || url.trim() === '') return { engine: 'sqlite', path: resolve(cwd, DEFAULT_STORE_PATH) };
  const u = url.trim();
  if (u === 'memory:' || u === 'memory') return { engine: 'memory' };
  if (/^postgres(ql)?:\/\//i.test(u)) return { engine: 'postgres', url: u };
  if (/^sqlite:/i.test(u)) {
    const path = u.replace(/^sqlite:(\/\/)?/i, '');
    if (path === '') throw new UsageError('sqlite: store URL needs a file path, e.g. sqlite:.kdlab/runs.db');
    return { engine: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/\.(db|sqlite3?)$/i.test(u) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u))
    return { engine: 'sqlite', path: isAbsolute(u) ? u : resolve(cwd, u) };
  throw new UsageError(
    `unknown store ${JSON.stringify(redactUrl(u))}: use memory:, sqlite:PATH, a file ending .db or .sqlite, or postgres://user@host/db`,
  );
}

export async function openStore(url?: string | Store, options: OpenStoreOptions = {}): Promise<Store> {
  if (url !== undefined && typeof url !== 'string') return url;
  const where = parseStoreUrl(url, options.cwd);
  switch (where.engine) {
    case 'memory':
      return new MemoryStore(options);
    case 'sqlite': {
      if ((options.mustExist || options.mode === 'read') && !existsSync(where.path)) {
        throw new UsageError(`no run store at ${where.path}; run a sweep or \`kdlab runs import\` first, or pass --store`);
      }
      const { SqliteStore } = await import('./sqlite.js');
      return SqliteStore.open(where.path, options);
    }
    case 'postgres': {
      const { PostgresStore } = await import('./postgres.js');
      return PostgresStore.open(where.url, options);
    }
  }
}

/** The URL with any password replaced by `***`, for messages and `Store.url`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}
