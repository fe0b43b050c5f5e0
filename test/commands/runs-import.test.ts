import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runsImport } from '../../src/commands/runs-import.js';
import { openStore } from '../../src/storage/open-store.js';
import { createTestContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-runs-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runsImport', () => {
  it('imports an Optuna table into the store and prints what it added', async () => {
    const file = join(dir, 'trials.csv');
    writeFileSync(file, 'number,value,params_lr,state\n0,0.9,0.1,COMPLETE\n1,,0.01,FAIL\n');
    const context = createTestContext({ cwd: dir });
    expect(await runsImport({ file, sweep: 'optuna', store: 'runs.db' }, context)).toBe(0);
    expect(context.out()).toContain('imported 2 of 2 runs into sweep "optuna" (optuna): 1 finished, 1 failed');
    const store = await openStore('runs.db', { cwd: dir });
    try {
      expect((await store.listRuns({ sweep: 'optuna' })).map((r) => r.state).sort()).toEqual(['failed', 'finished']);
    } finally {
      await store.close();
    }
  });
  it('reads the file before opening the store: a missing file leaves no empty store behind', async () => {
    const context = createTestContext({ cwd: dir });
    await expect(runsImport({ file: join(dir, 'nope.csv'), sweep: 's', store: 'other.db' }, context)).rejects.toThrow(
      /nope\.csv: no such file/,
    );
    expect(existsSync(join(dir, 'other.db'))).toBe(false);
  });
});
