import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { DataError, UsageError } from '../../errors.js';
import type { RawDataset } from './dataset.js';

/**
 * A user's CSV: a header row, numeric feature columns and one label column (any values; classes are
 * the distinct labels, sorted). Bad cells are reported with file:line:column.
 */
export async function loadCsvDataset(path: string, label: string): Promise<RawDataset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new DataError(e.message.replace(/^Invalid Record Length: /, ''), { file: path, line: e.lines });
  }
  if (rows.length < 2) throw new DataError('needs a header row and at least one data row', { file: path });
  const header = rows[0].map((h) => h.trim());
  const labelCol = header.indexOf(label);
  if (labelCol < 0) throw new UsageError(`--label ${JSON.stringify(label)} is not a column of ${path}; columns: ${header.join(', ')}`);
  const featureCols = header.map((_, i) => i).filter((i) => i !== labelCol);
  if (featureCols.length === 0) throw new DataError('no feature columns besides the label', { file: path, line: 1 });
  const n = rows.length - 1;
  const x = new Float32Array(n * featureCols.length);
  const labels = new Array<string>(n);
  for (let r = 0; r < n; r++) {
    const row = rows[r + 1];
    labels[r] = row[labelCol].trim();
    featureCols.forEach((c, j) => {
      const cell = row[c].trim();
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new DataError(
          `column ${JSON.stringify(header[c])} is not numeric: ${JSON.stringify(row[c])} (feature columns must be numbers; drop or encode it)`,
          { file: path, line: r + 2, column: c + 1 },
        );
      }
      x[r * featureCols.length + j] = v;
    });
  }
  const classNames = [...new Set(labels)].sort(naturalCompare);
  if (classNames.length < 2) throw new DataError(`label column ${JSON.stringify(label)} has fewer than two classes`, { file: path });
  const index = new Map(classNames.map((c, i) => [c, i]));
  return {
    name: path,
    fingerprint: createHash('sha256').update(text).digest('hex'),
    features: featureCols.length,
    classes: classNames.length,
    classNames,
    normalisation: 'per-feature',
    train: { x, y: Int32Array.from(labels, (l) => index.get(l)!), n },
  };
}

function naturalCompare(a: string, b: string): number {
  const na = Number(a),
    nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
