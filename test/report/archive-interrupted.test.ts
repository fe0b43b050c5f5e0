import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LocalLogger } from '../../src/log/logger.js';
import { UNFINISHED_GRACE_MS, readArchive, writeReport } from '../../src/report/archive.js';
import { messages } from '../../src/log/messages.js';
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
    expect((await readdir(join(root, dir))).sort()).toEqual(['boxplot.svg', 'differences.svg', 'expected-max.svg', 'summary.md']);

    failOn.name = '';
    const logger = new LocalLogger();
    const { dir: next } = await writeReport(model, { outDir: root, logger });
    expect(next).toBe(join(root, `${dir}-2`));
    expect((await readArchive(root, new LocalLogger())).map((e) => e.href)).toEqual([`./${dir}-2/index.html`]);
    // Within the grace period the folder may be a report still being written: no warning.
    expect(logger.warns).toEqual([]);
  });

  it('is removed once, with one warning, after the grace period; younger ones and foreign folders stay', async () => {
    failOn.name = 'results.json';
    await expect(writeReport(model, { outDir: root, logger: new LocalLogger() })).rejects.toThrow(/disk full/);
    const [dir] = await readdir(root);
    await mkdir(join(root, 'my-notes'));
    const created = (await stat(join(root, dir))).mtimeMs;

    const early = new LocalLogger();
    await readArchive(root, early, { now: () => created + UNFINISHED_GRACE_MS - 1000 });
    expect((await readdir(root)).sort()).toEqual([dir, 'my-notes'].sort());
    expect(early.warns).toEqual([]); // my-notes is not a report folder: left alone, without a word

    const late = new LocalLogger();
    const later = () => created + UNFINISHED_GRACE_MS + 1000;
    await readArchive(root, late, { now: later });
    expect(await readdir(root)).toEqual(['my-notes']);
    expect(late.warns).toEqual([messages.removedUnfinishedReport(join(root, dir))]);

    const again = new LocalLogger();
    await readArchive(root, again, { now: later });
    expect(again.warns.filter((w) => w.includes(dir))).toEqual([]);
  });

  it('is listed without another report once its results.json exists (the index is rebuilt from the folders)', async () => {
    failOn.name = '';
    const { dir } = await writeReport(model, { outDir: root, logger: new LocalLogger() });
    // As if killed before the archive index was written: the folders alone are the truth.
    await rm(join(root, 'index.html'));
    expect((await readArchive(root, new LocalLogger())).map((e) => e.href)).toEqual([`./${basename(dir)}/index.html`]);
  });
});
