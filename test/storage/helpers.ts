/** Opens a fresh, isolated store of each engine for the contract suite (Optuna's STORAGE_MODES). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MemoryStore } from '../../src/storage/memory.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store, StoreOptions } from '../../src/storage/store.js';

export const PG_URL = process.env.KDLAB_TEST_PG;

export interface StoreMode {
  readonly name: 'memory' | 'sqlite' | 'postgres';
  /** Why the mode is skipped, if it is. */
  readonly skip?: string;
  /** A new, empty location; `open` may be called on it several times (reopen). */
  fresh(): Promise<StoreLocation>;
}

export interface StoreLocation {
  /** The URL another process can open (undefined for memory). */
  readonly url?: string;
  open(options?: StoreOptions): Promise<Store>;
  dispose(): Promise<void>;
}

let counter = 0;

export const STORE_MODES: readonly StoreMode[] = [
  {
    name: 'memory',
    fresh: () => Promise.resolve({ open: (options) => Promise.resolve(new MemoryStore(options)), dispose: () => Promise.resolve() }),
  },
  {
    name: 'sqlite',
    fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'kdlab-store-'));
      const url = `sqlite:${join(dir, 'runs.db')}`;
      const dispose = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
      return Promise.resolve({ url, open: (options) => openStore(url, options), dispose });
    },
  },
  {
    name: 'postgres',
    skip: PG_URL ? undefined : 'KDLAB_TEST_PG is unset (CI sets it; see .ci/run)',
    fresh() {
      const schema = `kdlab_test_${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`;
      const sep = PG_URL!.includes('?') ? '&' : '?';
      const url = `${PG_URL}${sep}schema=${schema}`;
      return Promise.resolve({ url, open: (options) => openStore(url, options), dispose: () => dropSchema(schema) });
    },
  },
];

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A clock tests move by hand, so staleness never depends on real time. */
export function fakeClock(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}
