/**
 * Columns derived from another column's text (pure): `--derive 'COL~REGEX'`, repeatable, applied
 * before `--where` and grouping. Each named capture group of REGEX becomes a column, so a W&B export
 * whose run names hold the design — `mcmc-truck-low-1` — can be grouped and paired by its parts:
 *
 *     --derive 'name~^(?<method>[^-]+)-(?<scene>[^-]+)-(?<budget>[^-]+)' --group method --pair-by scene,budget
 *
 * Rows whose text does not match get empty cells (counted, for one warning). The pattern is checked
 * as `--where ~` checks its own, so a crafted one cannot hang the report.
 */
import { UsageError } from '../errors.js';
import { unknownColumn } from './detect.js';
import { compilePattern, splitExpression } from './filter.js';
import type { Cell, RunTable } from './table.js';
import { appendColumns, cellText } from './table.js';

export interface DeriveSpec {
  readonly source: string;
  readonly pattern: RegExp;
  /** The new columns, in the order of the pattern's named groups. */
  readonly names: readonly string[];
  /** For the report: `scene, budget from name`. */
  readonly description: string;
}

const USAGE = "write COL~REGEX with a named group per new column, e.g. 'name~^(?<method>[^-]+)-(?<scene>[^-]+)'";

/** Parses one `--derive` expression against the table's columns. */
export function parseDerive(expr: string, columns: readonly string[]): DeriveSpec {
  const flag = `--derive ${JSON.stringify(expr)}`;
  // Split as --where splits (names may hold `~` or `=`); only `~` derives.
  const split = splitExpression(expr, columns);
  if (!split || split.op !== '~' || split.column === '') throw new UsageError(`${flag}: no column; ${USAGE}`);
  const source = split.column;
  if (!columns.includes(source)) throw unknownColumn('--derive', source, { columns, data: [], rowCount: 0 });
  const pattern = compilePattern(split.rest.trim(), expr, '--derive');
  const names = namedGroups(pattern);
  if (names.length === 0) throw new UsageError(`${flag}: the pattern names no group; ${USAGE}`);
  for (const name of names) {
    if (columns.includes(name)) {
      throw new UsageError(`${flag}: a column ${JSON.stringify(name)} exists already; name the group differently, e.g. (?<${name}_2>…)`);
    }
  }
  return { source, pattern, names, description: `${names.join(', ')} from ${source}` };
}

/**
 * Applies the `--derive` expressions in order (a later one may read an earlier one's column).
 * Returns the extended table and, per expression, how many rows did not match.
 */
export function deriveTable<T extends RunTable>(
  table: T,
  exprs: readonly string[],
): { table: T; specs: DeriveSpec[]; unmatched: number[] } {
  const specs: DeriveSpec[] = [];
  const unmatched: number[] = [];
  for (const expr of exprs) {
    const spec = parseDerive(expr, table.columns);
    const r = deriveColumns(table, spec.source, spec.pattern, spec.names);
    table = r.table;
    specs.push(spec);
    unmatched.push(r.unmatched);
  }
  return { table, specs, unmatched };
}

/**
 * Appends columns derived from a text column by a regular expression's capture groups, e.g. scene
 * and budget from W&B run names `mcmc-truck-low-1` with /^[^-]+-([^-]+)-([^-]+)/ → names
 * ['scene', 'budget'] (named groups are read by name, others by position). Rows that do not match
 * get empty cells. Pure; the input is not changed.
 */
export function deriveColumns<T extends RunTable>(
  table: T,
  source: string,
  pattern: RegExp,
  names: readonly string[],
): { table: T; unmatched: number } {
  const i = table.columns.indexOf(source);
  const col = i < 0 ? new Array<Cell>(table.rowCount).fill(null) : table.data[i];
  const added = names.map(() => new Array<Cell>(table.rowCount).fill(null));
  // A `g` or `y` flag would make exec depend on the previous row.
  const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  let unmatched = 0;
  for (let r = 0; r < table.rowCount; r++) {
    const text = cellText(col[r]);
    const m = text === null ? null : re.exec(text);
    if (!m) {
      unmatched++;
      continue;
    }
    names.forEach((name, k) => (added[k][r] = m.groups?.[name] ?? m[k + 1] ?? null));
  }
  return { table: appendColumns(table, names, added), unmatched };
}

/** The names of a pattern's named groups, in order: an empty alternative matches "" and lists them all. */
function namedGroups(pattern: RegExp): string[] {
  const m = new RegExp(`(?:${pattern.source})|`, pattern.flags.replace(/[gy]/g, '')).exec('');
  return Object.keys(m?.groups ?? {});
}
