import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { DataError } from '../../errors.js';
import type { RawDataset } from './dataset.js';

/** Bundled: fixtures/datasets/digits.csv.gz (UCI optical digits, CC BY 4.0; see fixtures/README.md). */
export const DIGITS_PATH = fileURLToPath(new URL('../../../fixtures/datasets/digits.csv.gz', import.meta.url));

/** The 8×8 digits: 1,797 rows of 64 pixel counts (0..16) then the label; no header. */
export async function loadDigits(path = DIGITS_PATH): Promise<RawDataset> {
  const bytes = await readFile(path);
  const text = gunzipSync(bytes).toString('utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const features = 64;
  const x = new Float32Array(lines.length * features);
  const y = new Int32Array(lines.length);
  lines.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== features + 1)
      throw new DataError(`expected ${features + 1} columns, found ${cells.length}`, { file: path, line: r + 1 });
    for (let f = 0; f <= features; f++) {
      const v = Number(cells[f]);
      if (!Number.isFinite(v)) throw new DataError(`not a number: ${JSON.stringify(cells[f])}`, { file: path, line: r + 1, column: f + 1 });
      if (f < features) x[r * features + f] = v;
      else y[r] = v;
    }
  });
  return {
    name: 'digits',
    fingerprint: createHash('sha256').update(bytes).digest('hex'),
    features,
    classes: 10,
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    imageShape: [8, 8, 1],
    normalisation: 'per-feature',
    train: { x, y, n: lines.length },
  };
}
