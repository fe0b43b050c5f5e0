/**
 * Stage 1, load (I/O): a file or run store → RunTable, plus the input's SHA-256.
 *
 * Reads CSV/TSV (quotes, doubled quotes, BOM, CRLF, no final newline, an empty first header cell as
 * pandas writes its index), JSON arrays of objects, JSON Lines, and kdlab run stores (`.db` files,
 * `sqlite:` and `postgres://` URLs). Parse errors become one DataError with file:line:column.
 * A large CSV/TSV without quotes gets lazy columns: cells are sliced only for the columns a stage reads.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { DataError, UsageError } from '../errors.js';
import { parseStoreUrl } from '../storage/open-store.js';
import { expandDictColumns, flattenRecord } from './flatten.js';
import { assertJsonDepth, decodeText, oneLine, sniffCsvDelimiter } from './sniff.js';
import type { Store } from '../storage/store.js';
import type { Cell, LoadedTable, RunTable, SourceFormat } from './table.js';

export interface LoadOptions {
  /** Force a format instead of detecting it from the name and contents. */
  readonly format?: SourceFormat;
  /** How a run store is opened (a command passes its context's; default storage's openStore). */
  readonly openStore?: (url: string) => Promise<Store>;
}

/** True when `source` names a run store rather than a table file (storage's URL parser decides; memory: holds no runs to read). */
export function isStoreSource(source: string): boolean {
  try {
    return source.trim() !== '' && parseStoreUrl(source).engine !== 'memory';
  } catch {
    return false;
  }
}

export async function loadTable(source: string, opts: LoadOptions = {}): Promise<LoadedTable> {
  if (opts.format === 'store' || (opts.format === undefined && isStoreSource(source))) {
    const { loadStore } = await import('./load-store.js');
    return loadStore(source, opts.openStore);
  }
  let bytes: Buffer;
  try {
    if ((await stat(source)).isDirectory())
      throw new UsageError(`${source} is a directory; give a run table file (CSV, TSV, JSON, JSON Lines) or a run store.`);
    bytes = await readFile(source);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${source}: no such file.` : `${source}: cannot read (${code ?? String(err)}).`, {
      cause: err,
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = decodeText(bytes, source);
  const format = opts.format ?? detectFileFormat(source, text);
  const table = parseText(text, format, source);
  // Nothing downstream can say anything about zero runs; an empty report would look like a result.
  if (table.rowCount === 0)
    throw new DataError('no runs: the file has no rows below its header (or an empty JSON array)', { file: source });
  return { ...table, source: { path: source, format, sha256 } };
}

/** Format from the extension, else from the first non-blank character and the header line. */
export function detectFileFormat(path: string, text: string): SourceFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return text.trimStart().startsWith('[') ? 'json' : 'jsonl';
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return 'jsonl';
  const header = start.slice(0, Math.max(0, start.search(/\r?\n|$/)));
  return (header.match(/\t/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? 'tsv' : 'csv';
}

/**
 * Pure: text of a given format → RunTable. `file` is only used in error locations. `columns` chooses how
 * a large unquoted CSV/TSV materialises its cells (the same cells either way; tests compare the two).
 */
export function parseText(text: string, format: SourceFormat, file = '<input>', columns: ColumnMode = 'auto'): RunTable {
  switch (format) {
    case 'csv':
    case 'tsv':
      return parseDelimited(text, format === 'tsv' ? '\t' : sniffCsvDelimiter(text), file, columns);
    case 'json':
      return parseJsonArray(text, file);
    case 'jsonl':
      return parseJsonLines(text, file);
    default:
      throw new UsageError(`format ${format} cannot be parsed from text.`);
  }
}

function parseDelimited(text: string, delimiter: string, file: string, mode: ColumnMode): RunTable {
  // Without a quote character every line splits on the delimiter: a fast path for large exports.
  if (!text.includes('"')) {
    const table = parseUnquoted(text, delimiter, file, mode);
    // Dict text (`config`, `summary`) is expanded from every cell; without such a column a lazy table stays lazy.
    return table.columns.some(isLifted) ? expandDictColumns(table) : table;
  }
  let header: string[] | undefined;
  let data: Cell[][] = [];
  let rowCount = 0;
  try {
    parseCsv(text, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      relax_quotes: false,
      relax_column_count: true,
      // Records are pushed straight into column arrays; returning undefined keeps csv-parse from
      // holding a second copy of a million-row table.
      on_record: (record: string[], ctx) => {
        if (header === undefined) {
          header = uniqueHeader(record);
          data = header.map(() => []);
          return undefined;
        }
        if (record.length !== header.length) {
          // A lone empty cell is a blank line with spaces or a stray delimiter-free line.
          if (record.length === 1 && record[0].trim() === '') return undefined;
          throw new DataError(`expected ${header.length} fields as in the header, found ${record.length}; check quoting in this row`, {
            file,
            line: ctx.lines,
            column: 1,
          });
        }
        for (let c = 0; c < record.length; c++) {
          const v = record[c];
          data[c].push(v === '' ? null : v);
        }
        rowCount++;
        return undefined;
      },
    });
  } catch (err) {
    if (err instanceof DataError) throw err;
    const e = err as { code?: string; message: string; lines?: number; column?: number };
    // Every csv-parse error is about the input (its codes include INVALID_OPENING_QUOTE, not only CSV_*).
    if (err instanceof CsvError) {
      const msg = e.message.replace(/ at line \d+.*$| on line \d+$/, '').replace(/:?\s*$/, '');
      throw new DataError(
        `${oneLine(msg)}; fix the quoting or the row`,
        { file, line: e.lines, column: typeof e.column === 'number' ? e.column + 1 : undefined },
        { cause: err },
      );
    }
    throw err;
  }
  if (header === undefined) throw new DataError('the file is empty: expected a header row and runs', { file, line: 1 });
  return expandDictColumns({ columns: header, data, rowCount });
}

/**
 * Above this many characters, a delimited file without quotes keeps its text and slices a column's cells
 * only when a stage first reads that column: the report reads the group, metric, state and id columns,
 * so a million-row export never allocates the cells of its other columns.
 */
export const LAZY_COLUMNS_MIN_CHARS = 1 << 20;

/** How the unquoted fast path materialises columns: `auto` lazily above LAZY_COLUMNS_MIN_CHARS. */
export type ColumnMode = 'auto' | 'lazy' | 'eager';

function parseUnquoted(text: string, delimiter: string, file: string, mode: ColumnMode): RunTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delim = delimiter.charCodeAt(0);
  let header: string[] | undefined;
  let rowCount = 0;
  let line = 0;
  let pos = 0;
  // Where each run's line starts and ends (a trailing CR excluded): the cells are sliced from these later.
  let starts: Int32Array = new Int32Array(1024);
  let ends: Int32Array = new Int32Array(1024);
  // One scan over the characters that checks every line's field count, slicing nothing but the header.
  while (pos < body.length) {
    line++;
    let fields = 1;
    let blank = true;
    let i = pos;
    for (; i < body.length; i++) {
      const ch = body.charCodeAt(i);
      if (ch === 10) break;
      if (ch === delim) fields++;
      else if (ch !== 13 && ch !== 32 && ch !== 9) blank = false;
    }
    const start = pos;
    const end = i > start && body.charCodeAt(i - 1) === 13 ? i - 1 : i;
    pos = i + 1;
    if (blank && fields === 1) continue;
    if (header === undefined) {
      header = uniqueHeader(body.slice(start, end).split(delimiter));
      continue;
    }
    if (fields !== header.length)
      throw new DataError(`expected ${header.length} fields as in the header, found ${fields}; check quoting in this row`, {
        file,
        line,
        column: 1,
      });
    if (rowCount === starts.length) {
      starts = grow(starts);
      ends = grow(ends);
    }
    starts[rowCount] = start;
    ends[rowCount] = end;
    rowCount++;
  }
  if (header === undefined) throw new DataError('the file is empty: expected a header row and runs', { file, line: 1 });
  const columns = header;
  const cells = (c: number) => sliceColumn(body, starts, ends, rowCount, c, c === columns.length - 1, delimiter);
  if (mode === 'eager' || (mode === 'auto' && body.length < LAZY_COLUMNS_MIN_CHARS))
    return { columns, data: columns.map((_, c) => cells(c)), rowCount };
  const data: (readonly Cell[])[] = [];
  columns.forEach((_, c) => {
    Object.defineProperty(data, c, {
      enumerable: true,
      configurable: true,
      get: () => {
        const col = cells(c);
        Object.defineProperty(data, c, { value: col, enumerable: true, writable: false, configurable: false });
        return col;
      },
    });
  });
  return { columns, data, rowCount };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Distinct texts a column may have and still be interned (run states, group labels). */
const INTERN_MAX = 64;

/**
 * Column `c` of the lines [starts[r], ends[r]) whose field counts were checked. A text repeated from the
 * previous row, or one of the column's first INTERN_MAX distinct texts, is shared instead of sliced again.
 */
function sliceColumn(
  body: string,
  starts: Int32Array,
  ends: Int32Array,
  rowCount: number,
  c: number,
  last: boolean,
  delimiter: string,
): Cell[] {
  const out = new Array<Cell>(rowCount);
  let memo: Map<string, string> | undefined = new Map();
  let prev = '';
  for (let r = 0; r < rowCount; r++) {
    let p = starts[r];
    for (let k = 0; k < c; k++) p = body.indexOf(delimiter, p) + 1;
    const q = last ? ends[r] : body.indexOf(delimiter, p);
    if (q === p) {
      out[r] = null;
      continue;
    }
    if (q - p !== prev.length || !body.startsWith(prev, p)) {
      prev = body.slice(p, q);
      if (memo) {
        const known = memo.get(prev);
        if (known !== undefined) prev = known;
        else if (memo.size < INTERN_MAX) memo.set(prev, prev);
        else memo = undefined;
      }
    }
    out[r] = prev;
  }
  return out;
}

/** Whether flattening lifts the keys of this column's dict text to columns of their own (W&B's `config`, `summary`). */
function isLifted(name: string): boolean {
  return 'k' in flattenRecord({ [name]: { k: 1 } });
}

/** Empty header cells (pandas' index column) get pandas' own name; repeats get a suffix. */
function uniqueHeader(record: string[]): string[] {
  const seen = new Set<string>();
  return record.map((raw, i) => {
    let name = raw.trim() === '' ? `Unnamed: ${i}` : raw;
    for (let k = 1; seen.has(name); k++) name = `${raw}.${k}`;
    seen.add(name);
    return name;
  });
}

function parseJsonArray(text: string, file: string): RunTable {
  assertJsonDepth(text, file);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const { line, column } = jsonErrorLocation(text, err);
    throw new DataError(
      `invalid JSON (${oneLine((err as Error).message.split(/, "| in JSON| at position/)[0])})`,
      { file, line, column },
      { cause: err },
    );
  }
  if (!Array.isArray(value)) throw new DataError('expected a JSON array of run objects', { file, line: 1, column: 1 });
  const params = new Set<string>();
  const rows = value.map((v, i) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new DataError(`element ${i} of the JSON array is not an object`, { file });
    return flattenRecord(v as Record<string, unknown>, params);
  });
  return rowsToTable(rows, params);
}

function parseJsonLines(text: string, file: string): RunTable {
  const rows: Record<string, Cell>[] = [];
  const params = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    assertJsonDepth(line, file, i + 1);
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      const { column } = jsonErrorLocation(line, err);
      throw new DataError(
        `invalid JSON on this line (${oneLine((err as Error).message.split(/, "| in JSON| at position/)[0])}); each line must be one JSON object`,
        { file, line: i + 1, column },
        { cause: err },
      );
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new DataError('each line must be one JSON object', { file, line: i + 1, column: 1 });
    rows.push(flattenRecord(v as Record<string, unknown>, params));
  }
  return rowsToTable(rows, params);
}

/** `params`: the columns that came from a `config` object (the runs' hyperparameters). */
function rowsToTable(rows: Record<string, Cell>[], params: ReadonlySet<string>): RunTable {
  const index = new Map<string, number>();
  const data: Cell[][] = [];
  rows.forEach((row, r) => {
    for (const key in row) {
      let c = index.get(key);
      if (c === undefined) {
        c = data.length;
        index.set(key, c);
        data.push(new Array<Cell>(rows.length).fill(null));
      }
      data[c][r] = row[key];
    }
  });
  return { columns: [...index.keys()], data, rowCount: rows.length, ...(params.size ? { hints: { params: [...params] } } : {}) };
}

function jsonErrorLocation(text: string, err: unknown): { line?: number; column?: number } {
  const m = /position (\d+)/.exec((err as Error).message);
  if (!m) return {};
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}
