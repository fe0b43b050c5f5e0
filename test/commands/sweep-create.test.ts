import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepCreate } from '../../src/commands/sweep-create.js';
import { DataError } from '../../src/errors.js';
import { openStore } from '../../src/storage/open-store.js';
import { createTestContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-sweep-create-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const grid = join(dir, 'g.yaml');
writeFileSync(grid, 'method: grid\ntrainer: fake\nepochs: 2\nparameters:\n  x: { values: [0.2, 0.5, 0.9] }\n');

describe('sweepCreate', () => {
  it('prints the id on stdout, how to run it on stderr, and enqueues the grid; a second one gets a suffix', async () => {
    const context = createTestContext({ cwd: dir });
    expect(await sweepCreate({ config: grid, store: 'runs.db' }, context)).toBe(0);
    const id = context.out().trim();
    expect(context.err()).toBe(`created sweep g; run it with: kdlab agent ${id} --store runs.db\n`);
    const again = createTestContext({ cwd: dir });
    await sweepCreate({ config: grid, store: 'runs.db' }, again);
    const store = await openStore('runs.db', { cwd: dir });
    try {
      expect((await store.getSweep(id))?.name).toBe('g');
      expect((await store.getSweep(again.out().trim()))?.name).toBe('g-2');
      expect((await store.listRuns({ sweep: id })).map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    } finally {
      await store.close();
    }
  });
  it('rejects a bad config with one line naming file:line:column', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'method: grid\ntrainer: fake\nparameters:\n  x: { values: [0.2, 0.5] }\nrun_cpa: 3\n');
    const err = await sweepCreate({ config: bad, store: 'memory:' }, createTestContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/^.*bad\.yaml:5:1: run_cpa: unknown key \(did you mean "run_cap"\?\)/);
  });
});
