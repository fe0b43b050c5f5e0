/**
 * Flattening nested run records the way trackers export them: W&B's `summary` and `config` keys are
 * lifted to top-level columns (`eval/accuracy`), other nested objects become dotted columns as MLflow
 * names them (`metrics.val_acc`). CSV exports that kept `summary`/`config` as dict text are expanded
 * the same way.
 */
import type { Cell, RunTable } from './table.js';
import { toCell } from './table.js';
import { deepBracket } from './sniff.js';

/** Keys whose object value is lifted to top-level columns (W&B API exports). */
const LIFTED = new Set(['summary', 'config', 'summary_metrics', 'summaryMetrics']);

/**
 * One flat row. `params`, when given, collects the columns that came from `config`: the run's
 * hyperparameters, which a best run lists (never its metrics or the tracker's `_wandb` fields).
 */
export function flattenRecord(obj: Record<string, unknown>, params?: Set<string>): Record<string, Cell> {
  // No prototype: a column named __proto__ or constructor is a column like any other.
  const out: Record<string, Cell> = Object.create(null) as Record<string, Cell>;
  const lifted: [string, unknown, boolean][] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (isPlainObject(value)) {
      if (LIFTED.has(key)) for (const [k, v] of Object.entries(value)) lifted.push([k, v, key === 'config' && isParamKey(k)]);
      else for (const [k, v] of Object.entries(flattenRecord(value))) out[`${key}.${k}`] = v;
    } else {
      out[key] = toCell(value);
    }
  }
  // Lifted keys never overwrite a top-level column of the same name.
  const set = (name: string, v: Cell, isParam: boolean) => {
    if (name in out) return;
    out[name] = v;
    if (isParam) params?.add(name);
  };
  for (const [k, raw, isParam] of lifted) {
    const v = unwrapWandbValue(raw);
    if (isPlainObject(v)) for (const [k2, v2] of Object.entries(flattenRecord(v))) set(`${k}.${k2}`, v2, isParam);
    else set(k, toCell(v), isParam);
  }
  return out;
}

/** W&B keeps its own bookkeeping in config under `_wandb` (and other `_` keys): not hyperparameters. */
function isParamKey(key: string): boolean {
  return !key.startsWith('_');
}

/** W&B config values are sometimes `{ value: x, desc: … }`. */
function unwrapWandbValue(v: unknown): unknown {
  if (isPlainObject(v) && 'value' in v && Object.keys(v).every((k) => k === 'value' || k === 'desc')) return v.value;
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Expands `summary`/`config` columns holding JSON or Python-dict text into one column per key,
 * appended after the existing columns; existing column names win.
 */
export function expandDictColumns(table: RunTable): RunTable {
  const columns = [...table.columns];
  const data = [...table.data];
  let changed = false;
  // The columns that came from `config`: the runs' hyperparameters (a best run lists these, not its metrics).
  const params = new Set<string>();
  for (const name of table.columns) {
    if (!LIFTED.has(name)) continue;
    const cells = table.data[table.columns.indexOf(name)];
    const parsed = cells.map((c) => (typeof c === 'string' ? parseDictText(c) : undefined));
    if (!parsed.some((p) => p !== undefined)) continue;
    for (let r = 0; r < parsed.length; r++) {
      const obj = parsed[r];
      if (!obj) continue;
      const flat = flattenRecord(obj);
      for (const [k, v] of Object.entries(flat)) {
        let c = columns.indexOf(k);
        if (c < 0) {
          c = columns.length;
          columns.push(k);
          data.push(new Array<Cell>(table.rowCount).fill(null));
        } else if (c < table.columns.length) {
          continue;
        }
        (data[c] as Cell[])[r] = v;
        if (name === 'config' && isParamKey(k)) params.add(k);
      }
      changed = true;
    }
  }
  if (!changed) return table;
  return { ...table, columns, data, ...(params.size ? { hints: { ...table.hints, params: [...params] } } : {}) };
}

/** JSON, or Python repr of a dict (single quotes, True/False/None, nan). undefined when neither. */
export function parseDictText(text: string): Record<string, unknown> | undefined {
  const t = text.trim();
  // Text nested too deeply for flattening stays text.
  if (!t.startsWith('{') || !t.endsWith('}') || deepBracket(t) >= 0) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return isPlainObject(v) ? v : undefined;
  } catch {
    /* fall through to the Python form */
  }
  let out = '';
  let i = 0;
  while (i < t.length) {
    const ch = t[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      let s = '';
      while (j < t.length && t[j] !== ch) {
        if (t[j] === '\\' && j + 1 < t.length) {
          s += t[j + 1];
          j += 2;
          continue;
        }
        s += t[j++];
      }
      if (j >= t.length) return undefined;
      out += JSON.stringify(s);
      i = j + 1;
      continue;
    }
    const word = /^(True|False|None|nan|NaN|inf|-inf)\b/.exec(t.slice(i));
    if (word) {
      out += { True: 'true', False: 'false', None: 'null', nan: 'null', NaN: 'null', inf: 'null', '-inf': 'null' }[word[1]];
      i += word[1].length;
      continue;
    }
    out += ch;
    i++;
  }
  try {
    const v: unknown = JSON.parse(out);
    return isPlainObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
