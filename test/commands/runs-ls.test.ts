import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runsLs } from '../../src/commands/runs-ls.js';
import { StorageError, UsageError } from '../../src/errors.js';
import { openStore } from '../../src/storage/open-store.js';
import { createTestContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-runs-ls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runsLs', () => {
  it('refuses to read a store that does not exist instead of creating an empty one', async () => {
    const context = createTestContext({ cwd: dir });
    const err = await runsLs({}, context).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      `no run store at ${join(dir, '.kdlab', 'runs.db')}; run a sweep or \`kdlab runs import\` first, or pass --store`,
    );
  });
  it('prints one row per sweep and closes the store it opened', async () => {
    const seeded = await openStore('runs.db', { cwd: dir });
    await seeded.createSweep({ name: 'kd', method: 'import', metric: { name: 'value', goal: 'maximize' }, config: {} });
    await seeded.addRun('kd', { params: {}, state: 'finished', summary: { value: 0.9 } });
    await seeded.close();
    const closed: string[] = [];
    const context = createTestContext({
      cwd: dir,
      openStore: async (url, options) => {
        const store = await openStore(url, options);
        const close = store.close.bind(store);
        return Object.assign(store, { close: async () => (closed.push(store.url), close()) });
      },
    });
    expect(await runsLs({ store: 'runs.db' }, context)).toBe(0);
    expect(context.out()).toMatch(/^kd\s+import\s+running\s+1\s+1\s+value \(max\)\s+0\.9$/m);
    expect(closed).toEqual([`sqlite:${join(dir, 'runs.db')}`]);
  });
  it('reports an unreachable PostgreSQL store without its password', async () => {
    const err = await runsLs({ store: 'postgres://kdlab:hunter2@127.0.0.1:1/kdlab' }, createTestContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/^cannot open PostgreSQL store postgres:\/\/kdlab:\*\*\*@127\.0\.0\.1:1\/kdlab: /);
    expect((err as Error).message).not.toContain('hunter2');
  });
});
