import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LocalLogger } from '../../src/log/logger.js';
import { readArchive, writeReport } from '../../src/report/archive.js';
import { model } from '../helpers/report-model.js';

/** Simulates a crash while the report's index.html is being written. */
const failOn = vi.hoisted(() => ({ name: '' }));
vi.mock('../../src/util/fs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/util/fs.js')>();
  return {
    writeFileAtomic: async (path: string, data: string | Uint8Array) => {
      if (basename(path) === failOn.name) throw new Error(`disk full writing ${path}`);
      return real.writeFileAtomic(path, data);
    },
  };
});

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kdlab-archive-'));
});
afterEach(async () => {
  failOn.name = '';
  await rm(root, { recursive: true, force: true });
});

describe('an interrupted report', () => {
  it('leaves no half file and never appears in the index', async () => {
    failOn.name = 'index.html';
    await expect(writeReport(model, { outDir: root, logger: new LocalLogger() })).rejects.toThrow(/disk full/);
    const [dir] = await readdir(root);
    // The SVGs and summary.md were complete before the crash; index.html and results.json are absent.
    expect((await readdir(join(root, dir!))).sort()).toEqual(['boxplot.svg', 'differences.svg', 'expected-max.svg', 'summary.md']);

    failOn.name = '';
    const logger = new LocalLogger();
    const { dir: next } = await writeReport(model, { outDir: root, logger });
    expect(next).toBe(join(root, `${dir}-2`));
    expect((await readArchive(root, new LocalLogger())).map((e) => e.href)).toEqual([`./${dir}-2/index.html`]);
    expect(logger.warns).toEqual([`skipping archived report ${join(root, dir!)} in the index: it has no results.json`]);
  });
});
