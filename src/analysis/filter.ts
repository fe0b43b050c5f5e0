/**
 * Row filters (pure): `--where EXPR`, repeatable, applied before grouping; all must hold.
 *
 * EXPR is `COL OP VALUE` with OP one of `=`, `!=`, `<`, `<=`, `>`, `>=`, `~` (regular expression).
 * - COL: the longest table column that EXPR starts with and that an operator follows, so names
 *   with dots, slashes, hyphens, spaces or even operator characters (`params.model`,
 *   `test_full/psnr`, `a<b`) are matched exactly; otherwise the text before the first operator,
 *   which must name a column (UsageError with near misses if not).
 * - VALUE: the rest, trimmed; quotes around it ('…' or "…") are removed and keep its spaces.
 * - Comparison: numeric when both the cell and VALUE read as decimal numbers (so `seed=1`
 *   matches `1.0`), else by text (code-unit order for `<`…, exact for `=`).
 * - Missing cells (empty): only `!=` holds for them; `COL=` (empty VALUE) selects missing cells
 *   and `COL!=` present ones.
 * - `~`: a JavaScript regular expression (bare, or `/re/flags`) searched in the cell's text. To
 *   keep a filter from hanging on a crafted pattern, patterns longer than 200 characters, nested
 *   quantifiers such as `(a+)+` or `(a|a)*`, more than 4 unbounded repetitions (`.*.*.*.*.*x`
 *   is O(n⁵)) and backreferences are refused (UsageError); every search runs on one cell's text,
 *   at most a few kB in real exports.
 */
import { UsageError } from '../errors.js';
import { toNumber, unknownColumn } from './detect.js';
import type { Cell, RunTable } from './table.js';
import { cellText } from './table.js';

export const WHERE_OPERATORS = ['!=', '<=', '>=', '=', '<', '>', '~'] as const;
export type WhereOperator = (typeof WHERE_OPERATORS)[number];

/** Most unbounded repetitions (`*`, `+`, `{n,}`) a `~` pattern may hold: `.*a.*b.*c` backtracks in O(n³). */
export const MAX_REPEATS = 4;

/** Longest regular expression `~` accepts. */
export const MAX_PATTERN_LENGTH = 200;

export interface WhereFilter {
  readonly column: string;
  readonly op: WhereOperator;
  /** VALUE as given (quotes removed). */
  readonly value: string;
  /** For the report: `column op value`, e.g. `test_full/psnr>20`. */
  readonly description: string;
  /** Whether a cell of `column` passes. */
  test(cell: Cell): boolean;
}

/** Parses one `--where` expression against the table's columns. */
export function parseWhere(expr: string, columns: readonly string[]): WhereFilter {
  if (typeof expr !== 'string' || expr.trim() === '') {
    throw new UsageError(
      `--where: empty expression; write COL=VALUE, COL!=VALUE, COL<VALUE, COL<=VALUE, COL>VALUE, COL>=VALUE or COL~REGEX`,
    );
  }
  const split = splitExpression(expr, columns);
  if (!split) {
    throw new UsageError(
      `--where ${JSON.stringify(expr)}: no operator; write COL=VALUE, COL!=VALUE, COL<VALUE, COL<=VALUE, COL>VALUE, COL>=VALUE or COL~REGEX`,
    );
  }
  const { column, op } = split;
  if (!columns.includes(column)) throw unknownColumn('--where', column, { columns, data: [], rowCount: 0 });
  const value = unquote(split.rest.trim());
  const description = `${column}${op}${value}`;
  return { column, op, value, description, test: cellTest(op, value, expr) };
}

/** Parses every `--where` of a table; an empty list keeps every row. */
export function parseWheres(exprs: readonly string[], table: Pick<RunTable, 'columns'>): WhereFilter[] {
  return exprs.map((e) => parseWhere(e, table.columns));
}

/** A predicate over row indices: true when every filter holds. */
export function rowPredicate(table: RunTable, filters: readonly WhereFilter[]): (row: number) => boolean {
  const cols = filters.map((f) => table.data[table.columns.indexOf(f.column)]);
  return (row) => filters.every((f, i) => f.test(cols[i][row]));
}

/** The table with only the rows every filter keeps (same columns, hints and source fields). */
export function filterTable<T extends RunTable>(table: T, filters: readonly WhereFilter[]): T {
  if (filters.length === 0) return table;
  const keep = rowPredicate(table, filters);
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (keep(r)) rows.push(r);
  return { ...table, data: table.data.map((col) => rows.map((r) => col[r])), rowCount: rows.length };
}

/** `COL OP REST`: the longest table column followed by an operator, else the text before the first operator. */
export function splitExpression(expr: string, columns: readonly string[]): { column: string; op: WhereOperator; rest: string } | undefined {
  // An exact column name first (longest wins), so a name holding `<` or `=` still works.
  let best: { column: string; op: WhereOperator; rest: string } | undefined;
  for (const c of columns) {
    if (c === '' || !expr.startsWith(c) || (best && best.column.length >= c.length)) continue;
    const after = expr.slice(c.length).trimStart();
    const op = WHERE_OPERATORS.find((o) => after.startsWith(o));
    if (op) best = { column: c, op, rest: after.slice(op.length) };
  }
  if (best) return best;
  const m = /^(.*?)\s*(!=|<=|>=|=|<|>|~)(.*)$/s.exec(expr);
  if (!m) return undefined;
  return { column: m[1].trim(), op: m[2] as WhereOperator, rest: m[3] };
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

function cellTest(op: WhereOperator, value: string, expr: string): (cell: Cell) => boolean {
  if (op === '~') {
    const re = compilePattern(value, expr);
    return (cell) => {
      const text = cellText(cell);
      if (text === null) return false;
      re.lastIndex = 0; // a `g`/`y` flag must not make the result depend on the previous row
      return re.test(text);
    };
  }
  if (value === '' && (op === '=' || op === '!=')) {
    return op === '=' ? (cell) => isMissing(cell) : (cell) => !isMissing(cell);
  }
  const num = toNumber(value);
  const numeric = Number.isFinite(num);
  return (cell) => {
    if (isMissing(cell)) return op === '!=';
    const text = cellText(cell)!;
    const cellNum = numeric ? toNumber(typeof cell === 'number' ? cell : text.trim()) : NaN;
    const cmp = numeric && !Number.isNaN(cellNum) ? Math.sign(cellNum - num) : text < value ? -1 : text > value ? 1 : 0;
    switch (op) {
      case '=':
        return cmp === 0;
      case '!=':
        return cmp !== 0;
      case '<':
        return cmp < 0;
      case '<=':
        return cmp <= 0;
      case '>':
        return cmp > 0;
      default:
        return cmp >= 0;
    }
  };
}

function isMissing(cell: Cell): boolean {
  const t = cellText(cell);
  return t === null || t.trim() === '';
}

/** Compiles `~`'s pattern, refusing what could backtrack for ever. */
export function compilePattern(value: string, expr: string, flag = '--where'): RegExp {
  const where = `${flag} ${JSON.stringify(expr)}`;
  if (value.length > MAX_PATTERN_LENGTH) {
    throw new UsageError(`${where}: the pattern has ${value.length} characters; keep it under ${MAX_PATTERN_LENGTH + 1}`);
  }
  const m = /^\/(.*)\/([a-z]*)$/s.exec(value);
  const source = m ? m[1] : value;
  if (/\\[1-9]|\\k</.test(source)) {
    throw new UsageError(`${where}: backreferences are not supported here; match the text without \\1 or \\k<name>`);
  }
  if (hasNestedQuantifier(source)) {
    throw new UsageError(`${where}: a quantified group that itself repeats (like (a+)+) can take exponential time; simplify the pattern`);
  }
  if (countRepeats(source) > MAX_REPEATS) {
    throw new UsageError(
      `${where}: more than ${MAX_REPEATS} repetitions (*, +, {n,}) can take polynomial time on long cells; use fewer, e.g. 'kd.*t4'`,
    );
  }
  try {
    return new RegExp(source, m ? m[2] : '');
  } catch (err) {
    throw new UsageError(`${where}: ${(err as Error).message}; give a regular expression such as 'Encoder[0-9]'`, { cause: err });
  }
}

/**
 * True when a group containing a quantifier or an alternation is itself quantified — the shapes
 * behind catastrophic backtracking ((a+)+, (a*)*, (a|a)*, (a{2,})+). Escapes and character classes
 * are skipped. Conservative: it also refuses some harmless patterns such as (ab+)+.
 */
function hasNestedQuantifier(source: string): boolean {
  // For each open group: whether it holds a quantifier or `|`.
  const stack: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      // Skip the class, honouring escapes; an unclosed class is left to RegExp to reject.
      i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') {
        if (source[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (ch === '(') stack.push(false);
    else if (ch === ')') {
      const inner = stack.pop() ?? false;
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || next === '{' || next === '?';
      if (inner && quantified && next !== '?') return true;
      if (stack.length && (inner || quantified)) stack[stack.length - 1] = true;
    } else if ((ch === '*' || ch === '+' || ch === '{' || ch === '|') && stack.length) {
      stack[stack.length - 1] = true;
    }
  }
  return false;
}

/** Unbounded repetitions outside character classes and escapes: `*`, `+` and `{n,}`. */
function countRepeats(source: string): number {
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') {
        if (source[i] === '\\') i++;
        i++;
      }
    } else if (ch === '*' || ch === '+') {
      n++;
    } else if (ch === '{' && /^\{\d+,\}/.test(source.slice(i))) {
      n++;
    }
  }
  return n;
}
