/**
 * Multi-column groups (pure): `--group A,B` groups runs by several columns at once.
 *
 * Resolving the flag's text to columns, in this order:
 *  1. the whole text names a column → that one column (so a column literally called `lr,wd` is
 *     still selectable by its name);
 *  2. else split on commas and, left to right, join the longest run of adjacent pieces that
 *     names a column (so `lr,wd,seed` with a column `lr,wd` gives [`lr,wd`, `seed`]); pieces are
 *     trimmed (`A, B` works) unless the untrimmed text is itself a column;
 *  3. a piece that names no column → UsageError with near misses.
 * Naming: one column keeps today's label (the cell's text as written); several give
 * `A=a, B=b` with `keys: {A: "a", B: "b"}` in column order. A row with any of the cells empty
 * has no group (clean.ts counts it as ungrouped).
 */
import { quote, UsageError } from '../errors.js';
import { unknownColumn } from './detect.js';
import type { Cell, RunTable } from './table.js';
import { appendColumns, cellText } from './table.js';

export interface GroupKeyColumn {
  /** The columns grouped by, in order. */
  readonly columns: readonly string[];
  /** Name of the derived column holding each row's group label (absent from the input table). */
  readonly column: string;
  /** The table with that column appended; the input is not changed. */
  readonly table: RunTable;
  /** Each group label's key values, for `groups[].keys`. */
  readonly keys: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** The columns a `--group` value names (see the rules above). */
export function resolveGroupColumns(spec: string, columns: readonly string[]): string[] {
  return resolveColumnList(spec, columns, '--group');
}

/**
 * A comma-separated list of columns by the rules above, for any flag that takes one (`--group`,
 * `--pair-by`); errors name `flag`.
 */
export function resolveColumnList(spec: string, columns: readonly string[], flag: string): string[] {
  if (columns.includes(spec)) return [spec];
  const pieces = spec.split(',');
  const out: string[] = [];
  for (let i = 0; i < pieces.length;) {
    let found: { name: string; next: number } | undefined;
    for (let j = pieces.length; j > i && !found; j--) {
      const raw = pieces.slice(i, j).join(',');
      if (columns.includes(raw)) found = { name: raw, next: j };
      else if (columns.includes(raw.trim())) found = { name: raw.trim(), next: j };
    }
    if (!found) {
      const name = pieces[i].trim();
      if (name === '')
        throw new UsageError(`${flag} ${quote(spec)}: empty column name; separate columns with single commas, e.g. ${flag} A,B`);
      throw unknownColumn(flag, name, { columns, data: [], rowCount: 0 });
    }
    if (out.includes(found.name)) throw new UsageError(`${flag} ${quote(spec)}: column ${quote(found.name)} is named twice`);
    out.push(found.name);
    i = found.next;
  }
  return out;
}

/** `A=a, B=b` for several columns; the bare value for one. Null when a cell is empty. */
export function groupLabel(columns: readonly string[], cells: readonly Cell[]): { name: string; keys: Record<string, string> } | null {
  const keys: Record<string, string> = {};
  const parts: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    const text = cellText(cells[i]);
    if (text === null || text === '') return null;
    keys[columns[i]] = text;
    parts.push(`${columns[i]}=${text}`);
  }
  return { name: columns.length === 1 ? keys[columns[0]] : parts.join(', '), keys };
}

/**
 * Appends a derived group column built from `columns` (already resolved) so the existing stages
 * can group by it unchanged. Its name is the columns joined by ` × ` (suffixed until unique).
 */
export function withGroupColumn(table: RunTable, columns: readonly string[]): GroupKeyColumn {
  const data = columns.map((c) => {
    const i = table.columns.indexOf(c);
    if (i < 0) throw unknownColumn('--group', c, table);
    return table.data[i];
  });
  let column = columns.join(' × ');
  while (table.columns.includes(column)) column += "'";
  const labels: Cell[] = new Array<Cell>(table.rowCount);
  const keys = new Map<string, Readonly<Record<string, string>>>();
  for (let r = 0; r < table.rowCount; r++) {
    const g = groupLabel(
      columns,
      data.map((col) => col[r]),
    );
    labels[r] = g ? g.name : null;
    if (g && !keys.has(g.name)) keys.set(g.name, g.keys);
  }
  return { columns, column, keys, table: appendColumns(table, [column], [labels]) };
}
