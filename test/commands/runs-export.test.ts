import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsExport } from '../../src/commands/runs-export.js';
import { UsageError } from '../../src/errors.js';
import { openStore } from '../../src/storage/open-store.js';
import { createTestContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-runs-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const store = await openStore('runs.db', { cwd: dir });
  await store.createSweep({ name: 'kd', method: 'import', metric: { name: 'value', goal: 'maximize' }, config: {} });
  await store.addRuns('kd', [
    { params: { lr: 0.1 }, name: '0', state: 'finished', summary: { value: 0.9 } },
    { params: { lr: 0.01 }, name: '1', state: 'failed' },
  ]);
  await store.close();
});

describe('runsExport', () => {
  it('writes CSV to stdout', async () => {
    const context = createTestContext({ cwd: dir });
    expect(await runsExport({ store: 'runs.db', format: 'csv' }, context)).toBe(0);
    const [header, first] = context.out().split('\n');
    expect(header.split(',').slice(0, 6)).toEqual(['id', 'name', 'sweep', 'state', 'lr', 'value']);
    expect(first.split(',').slice(1, 6)).toEqual(['0', 'kd', 'finished', '0.1', '0.9']);
  });
  it('writes JSON Lines to a file relative to the working folder and says so on stderr', async () => {
    const context = createTestContext({ cwd: dir });
    expect(await runsExport({ store: 'runs.db', sweep: 'kd', format: 'jsonl', out: 'runs.jsonl' }, context)).toBe(0);
    expect(context.err()).toBe('exported 2 runs to runs.jsonl\n');
    expect(context.out()).toBe('');
    expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });
  it('rejects an unknown store URL with one line', async () => {
    await expect(runsExport({ store: 'mysql://x', format: 'csv' }, createTestContext())).rejects.toThrow(UsageError);
    await expect(runsExport({ store: 'mysql://x', format: 'csv' }, createTestContext())).rejects.toThrow(/^unknown store "mysql:\/\/x"/);
  });
});
