/**
 * Who opens a store closes it: a command opens one through its context, lends it to library
 * functions (which take an open Store and never close it), and closes it here, also on errors.
 */
import type { OpenStoreOptions } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import type { CommandContext } from './context.js';

export async function withStore<T>(
  context: CommandContext,
  url: string | undefined,
  options: OpenStoreOptions,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await context.openStore(url, { cwd: context.cwd, ...options });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
