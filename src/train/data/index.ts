/** Dataset sources by name, resolved to a RawDataset; see README "Training" → datasets. */
import { loadCsvDataset } from './csv.js';
import { loadDigits } from './digits.js';
import { loadFashionMnist } from './fashion-mnist.js';
import type { RawDataset } from './dataset.js';

export type DatasetSpec = 'digits' | 'fashion-mnist' | { readonly csv: string; readonly label: string };

export async function loadDataset(spec: DatasetSpec, dataDir?: string): Promise<RawDataset> {
  if (spec === 'digits') return loadDigits();
  if (spec === 'fashion-mnist') return loadFashionMnist(dataDir);
  return loadCsvDataset(spec.csv, spec.label);
}

export { splitDataset, permutation, fitNormalisation, normalise } from './dataset.js';
export type { Examples, RawDataset, Splits, SplitOptions } from './dataset.js';
export { loadDigits, DIGITS_PATH } from './digits.js';
export { loadFashionMnist, loadFashionMnistPackage, readIdx, parseIdx, FASHION_MNIST_DIR } from './fashion-mnist.js';
export { loadCsvDataset } from './csv.js';
