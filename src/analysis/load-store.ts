/** Loading a kdlab run store (I/O): every sweep's runs, flattened by rowsFromRuns. */
import { createHash } from 'node:crypto';
import { StorageError } from '../errors.js';
import type { Store } from '../storage/store.js';
import type { LoadedTable } from './table.js';
import { tableFromRuns } from './store-rows.js';

type OpenStore = (url: string) => Promise<Store>;

export async function loadStore(source: string): Promise<LoadedTable> {
  const url = /^(sqlite:|postgres(ql)?:\/\/)/.test(source) ? source : `sqlite:${source}`;
  let openStore: OpenStore;
  try {
    // Resolved at run time so the analysis stages build without the storage engines.
    const modulePath = '../storage/open-store.js';
    ({ openStore } = (await import(modulePath)) as { openStore: OpenStore });
  } catch (err) {
    throw new StorageError(`cannot open run stores in this build (${(err as Error).message})`, { cause: err });
  }
  const store = await openStore(url);
  try {
    const sweeps = await store.listSweeps();
    const runs = await store.listRuns();
    const table = tableFromRuns(runs, sweeps);
    // A store has no file bytes to hash; hash the runs as read, so the report pins what it used.
    const sha256 = createHash('sha256').update(JSON.stringify({ sweeps, runs })).digest('hex');
    return { ...table, source: { path: store.url, format: 'store', sha256 } };
  } finally {
    await store.close();
  }
}
