/**
 * RunTable: the column-major table every stage reads. Cells keep the text as written (a CSV cell
 * `0.010` stays `0.010`, so group labels are never renamed by float parsing); numbers appear only
 * where the source itself was typed (JSON, a run store). Empty cells are null.
 */
import type { Metric } from '../domain/metric.js';

export type Cell = string | number | boolean | null;

export type SourceFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'store';

export interface RunTable {
  readonly columns: readonly string[];
  /** One array per column, all of length `rowCount`, in `columns` order. */
  readonly data: readonly (readonly Cell[])[];
  readonly rowCount: number;
  /** Sweep method per sweep name, when the source records it (run store). */
  readonly sweepMethods?: Readonly<Record<string, string>>;
  /** Default columns the source itself names (a run store: group `sweep`, its sweeps' metric). */
  /** What the source knows: a store's group and metric, and which columns are its runs' params. */
  readonly hints?: { readonly group?: string; readonly metric?: Metric; readonly params?: readonly string[] };
  /** A store's sweeps of a user program (trainer `command`): the program and command they ran, for the report header. */
  readonly program?: { readonly program?: string; readonly command?: string };
}

export interface LoadedTable extends RunTable {
  readonly source: { readonly path: string; readonly format: SourceFormat; readonly sha256: string };
}

/** Builds a RunTable from row objects (tests, JSON). Columns appear in first-seen order. */
export function tableFromRows(rows: readonly Readonly<Record<string, unknown>>[]): RunTable {
  const index = new Map<string, number>();
  const data: Cell[][] = [];
  rows.forEach((row, r) => {
    for (const [key, raw] of Object.entries(row)) {
      let c = index.get(key);
      if (c === undefined) {
        c = data.length;
        index.set(key, c);
        data.push(new Array<Cell>(rows.length).fill(null));
      }
      data[c][r] = toCell(raw);
    }
  });
  return { columns: [...index.keys()], data, rowCount: rows.length };
}

export function toCell(v: unknown): Cell {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

export function column(table: RunTable, name: string): readonly Cell[] | undefined {
  const i = table.columns.indexOf(name);
  return i < 0 ? undefined : table.data[i];
}

/** Text of a cell as a label: strings as written, numbers in JavaScript's shortest form. */
export function cellText(c: Cell): string | null {
  if (c === null) return null;
  return typeof c === 'string' ? c : String(c);
}

/**
 * The table with columns appended. The existing columns are read through, not copied, so a lazy
 * table (load.ts slices a large CSV's cells only for the columns a stage reads) stays lazy.
 */
export function appendColumns<T extends RunTable>(table: T, names: readonly string[], columns: readonly (readonly Cell[])[]): T {
  const data: (readonly Cell[])[] = [];
  const source = table.data;
  for (let c = 0; c < table.columns.length; c++) Object.defineProperty(data, c, { enumerable: true, get: () => source[c] });
  columns.forEach((col, k) => (data[table.columns.length + k] = col));
  return { ...table, columns: [...table.columns, ...names], data };
}
