import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { DataError } from '../../errors.js';
import type { Examples, RawDataset } from './dataset.js';

/** Where Debian's dataset-fashion-mnist package puts the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** Fashion-MNIST: 60,000 train and 10,000 test 28×28 images, 10 classes, from IDX gzip files. */
export async function loadFashionMnist(dir = FASHION_MNIST_DIR): Promise<RawDataset> {
  for (const f of Object.values(FILES)) {
    try {
      await access(join(dir, f));
    } catch {
      throw new DataError(
        `Fashion-MNIST not found: ${join(dir, f)} is missing; install it with \`apt-get install dataset-fashion-mnist\` or pass --data-dir DIR holding the four IDX .gz files`,
      );
    }
  }
  const hash = createHash('sha256');
  const [trainX, trainY, testX, testY] = await Promise.all(Object.values(FILES).map((f) => readIdx(join(dir, f))));
  // The decoded contents define the data (the same files gzipped differently are the same dataset).
  for (const idx of [trainX, trainY, testX, testY]) hash.update(idx.data);
  return {
    name: 'fashion-mnist',
    fingerprint: hash.digest('hex'),
    features: 28 * 28,
    classes: 10,
    classNames: FASHION_MNIST_CLASSES,
    imageShape: [28, 28, 1],
    normalisation: 'global',
    train: examples(trainX, trainY, join(dir, FILES.trainImages)),
    test: examples(testX, testY, join(dir, FILES.testImages)),
  };
}

export interface Idx {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** Reads an IDX file (optionally gzipped): magic 0x0000 08 ND (unsigned bytes), ND big-endian sizes, data. */
export async function readIdx(path: string): Promise<Idx> {
  let buf: Buffer = await readFile(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  return parseIdx(buf, path);
}

export function parseIdx(buf: Uint8Array, path = '<idx>'): Idx {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new DataError('not an IDX file (bad magic number)', { file: path });
  if (buf[2] !== 0x08)
    throw new DataError(`IDX element type 0x${buf[2].toString(16)} is not supported (only unsigned bytes, 0x08)`, { file: path });
  const nd = buf[3];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const offset = 4 + 4 * nd;
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length - offset !== size)
    throw new DataError(`IDX header says ${size} bytes of data but the file has ${buf.length - offset}`, { file: path });
  return { dims, data: buf.subarray(offset) };
}

function examples(images: Idx, labels: Idx, path: string): Examples {
  const n = images.dims[0];
  if (labels.dims[0] !== n) throw new DataError(`${n} images but ${labels.dims[0]} labels`, { file: path });
  // Pixels scaled to [0, 1]; the split then standardises with the train mean and sd.
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return { x, y: Int32Array.from(labels.data), n };
}
