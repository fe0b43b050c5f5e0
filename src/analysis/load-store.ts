/** Loading a kdlab run store (I/O): every sweep's runs, flattened by tableFromRuns. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DataError, UsageError } from '../errors.js';
import { openStore, parseStoreUrl, type OpenStoreOptions } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import type { LoadedTable } from './table.js';
import { tableFromRuns } from './store-rows.js';

/**
 * `source`: a store URL (`sqlite:…`, `postgres://…`), a `.db` path, or an open Store (tests).
 * `open` is how a URL becomes a Store (a command passes its context's); a store opened here is closed here.
 */
export async function loadStore(
  source: string | Store,
  open: (url: string, options?: OpenStoreOptions) => Promise<Store> = (url, options) => openStore(url, options),
): Promise<LoadedTable> {
  if (typeof source === 'string') {
    const where = parseStoreUrl(source);
    // Opening a SQLite path creates the file; a report must not invent an empty store.
    if (where.engine === 'sqlite' && !existsSync(where.path))
      throw new UsageError(`${source}: no such run store; run a sweep first or give a run table file.`);
  }
  const store = typeof source === 'string' ? await open(source, { mode: 'read' }) : source;
  try {
    const sweeps = await store.listSweeps();
    const runs = await store.listRuns();
    if (runs.length === 0)
      throw new DataError('no runs: the store holds no runs yet; run a sweep or `kdlab runs import` first', { file: store.url });
    const table = tableFromRuns(runs, sweeps);
    // A store has no file bytes to hash; hash the runs as read, so the report pins what it used.
    const sha256 = createHash('sha256').update(JSON.stringify({ sweeps, runs })).digest('hex');
    return { ...table, source: { path: store.url, format: 'store', sha256 } };
  } finally {
    if (typeof source === 'string') await store.close();
  }
}
