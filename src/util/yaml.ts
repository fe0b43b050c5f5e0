/**
 * YAML configs with positions: parse keeping each node's place, find the line and column of a key
 * path, and turn the first schema issue into one DataError line (`file:line:column: key: what`).
 * Shared by every YAML config (sweep, experiment).
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { z } from '../vendor/zod.js';
import { DataError } from '../errors.js';
import { suggest } from './registry.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where the node at `path` (or the key `key` inside it) was written, if known. */
export type Locate = (path: readonly PropertyKey[], key?: string) => Position | undefined;

/** Throws one DataError naming the key path and its position. */
export type Fail = (path: readonly PropertyKey[], message: string, key?: string) => never;

/**
 * Parses YAML text keeping positions; a syntax error is a DataError at its line and column. `data`
 * is the document as plain values, refusing alias bombs ("billion laughs"): the yaml package stops
 * expanding past its alias budget with a ReferenceError, which becomes a DataError at the first alias.
 */
export function parseYaml(text: string, file: string): { doc: Document; data: unknown; locate: Locate } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    // Without prettyErrors the yaml package leaves linePos unset: derive it from the offset.
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    throw new DataError(`invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, {
      file,
      line: pos.line,
      column: pos.col,
    });
  }
  return { doc, data: toPlainData(doc, lineCounter, file), locate: (path, key) => locateNode(doc, lineCounter, path, key) };
}

function toPlainData(doc: Document, lc: LineCounter, file: string): unknown {
  const firstAlias = () => {
    let at: number | undefined;
    visit(doc, {
      Alias(_, node) {
        at = node.range?.[0];
        return visit.BREAK;
      },
    });
    const pos = at === undefined ? undefined : lc.linePos(at);
    return { file, line: pos?.line, column: pos?.col };
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    // The yaml package raises ReferenceError for both an alias before its anchor and an alias bomb.
    const message = /unresolved alias/i.test(err.message)
      ? `invalid YAML: ${err.message.split('\n')[0]}`
      : 'YAML aliases expand too far (an alias bomb?); write the values out or use fewer nested aliases';
    throw new DataError(message, firstAlias(), { cause: err });
  }
  if (isCyclic(data)) throw new DataError('invalid YAML: an alias refers to the node that holds it', firstAlias());
  return data;
}

/** Whether a value holds itself (an anchor used inside its own node); iterative, so depth is no risk. */
function isCyclic(root: unknown): boolean {
  const stack: { value: unknown; done: boolean }[] = [{ value: root, done: false }];
  const open = new Set<unknown>();
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.done) {
      open.delete(top.value);
      stack.pop();
      continue;
    }
    top.done = true;
    if (top.value === null || typeof top.value !== 'object') continue;
    if (open.has(top.value)) return true;
    open.add(top.value);
    for (const child of Object.values(top.value))
      if (child !== null && typeof child === 'object') stack.push({ value: child, done: false });
  }
  return false;
}

/** A `Fail` that prefixes the dotted key path and places the error through `locate`. */
export function failAt(file: string | undefined, locate: Locate | undefined): Fail {
  return (path, message, key) => {
    const pos = locate?.(path, key);
    const where = [...path, ...(key === undefined ? [] : [key])].join('.');
    throw new DataError(`${where ? `${where}: ` : ''}${message}`, { file, line: pos?.line, column: pos?.column });
  };
}

type Issue = z.core.$ZodIssue;

/**
 * Turns the first schema issue (in document order) into one DataError line through `fail`:
 * unknown keys get a near-miss hint and the list of valid keys. `unionHints` says, by key name,
 * what a union-typed key accepts.
 */
export function failOnIssue(
  issues: readonly Issue[],
  data: unknown,
  ctx: {
    locate?: Locate;
    knownKeysAt: (path: readonly PropertyKey[]) => string[];
    fail: Fail;
    unionHints?: Readonly<Record<string, string>>;
  },
): never {
  const issue = firstIssue(issues, ctx.locate);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const known = ctx.knownKeysAt(issue.path);
    const near = suggest(key, known);
    ctx.fail(issue.path, `unknown key${near ? ` (did you mean "${near}"?)` : ''}; remove it or use one of: ${known.join(', ')}`, key);
  }
  return ctx.fail(issue.path, describeIssue(issue, valueAt(data, issue.path), issue.path.map(String), ctx.unionHints));
}

export function firstIssue(issues: readonly Issue[], locate?: Locate): Issue {
  if (!locate) return issues[0];
  const pos = (i: Issue) => {
    const p = locate(i.path, i.code === 'unrecognized_keys' ? i.keys[0] : undefined);
    return p ? p.line * 1e6 + p.column : Infinity;
  };
  return issues.slice().sort((a, b) => pos(a) - pos(b))[0];
}

export function describeIssue(
  issue: Issue,
  value: unknown,
  path: readonly string[],
  unionHints: Readonly<Record<string, string>> = {},
): string {
  const got = JSON.stringify(value);
  if (value === undefined) {
    if (issue.code === 'invalid_value') return `is required (one of ${issue.values.map(String).join(', ')})`;
    if (issue.code === 'invalid_type') return `is required (expected ${issue.expected})`;
    return 'is required';
  }
  switch (issue.code) {
    case 'invalid_type':
      if (path.length === 2 && path[0] === 'parameters')
        return `expected a mapping such as { value: ${got} } or { values: [...] }, got ${got}`;
      return `expected ${issue.expected}, got ${got}`;
    case 'invalid_value': {
      const options = issue.values.map((v) => String(v));
      const near = typeof value === 'string' ? suggest(value, options) : undefined;
      return `${got} is not one of ${options.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`;
    }
    case 'invalid_union':
      return `${got}: ${unionHints[path[path.length - 1]] ?? 'is not a valid value here'}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${got}`;
    case 'too_big':
      return `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${got}`;
    default:
      return `${issue.message.toLowerCase()}, got ${got}`;
  }
}

/** The keys an object schema accepts at `path` (through optionals, records and object members of unions). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  for (const seg of path) {
    const s = unwrap(schema);
    let next: z.ZodType | undefined = s;
    if (s instanceof z.ZodObject) next = (s.shape as Record<string, z.ZodType | undefined>)[String(seg)];
    else if (s instanceof z.ZodRecord) next = s.valueType as z.ZodType;
    else if (s instanceof z.ZodUnion) next = (s.options as z.ZodType[]).find((o) => unwrap(o) instanceof z.ZodObject) ?? s;
    if (!next) return [];
    schema = next;
  }
  let s = unwrap(schema);
  if (s instanceof z.ZodUnion) s = unwrap((s.options as z.ZodType[]).find((o) => unwrap(o) instanceof z.ZodObject) ?? s);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: z.ZodType): z.ZodType {
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  return s;
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

type Ranged = { range?: [number, number, number] } | null | undefined;

/** Line and column of the node at `path` (of the key `key` inside it, when given); else its nearest parent's. */
export function locateNode(doc: Document, lc: LineCounter, path: readonly PropertyKey[], key?: string): Position | undefined {
  const segs = path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  const full = key === undefined ? segs : [...segs, key];
  for (let n = full.length; n >= 0; n--) {
    if (n === 0) {
      const r = (doc.contents as Ranged)?.range;
      return r ? toPos(lc, r[0]) : undefined;
    }
    const parentPath = full.slice(0, n - 1);
    const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
    const last = full[n - 1];
    // Prefer the key's own position in a map: that is where the reader looks for the name.
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(last));
      if (pair && isScalar(pair.key) && pair.key.range) {
        // A scalar value is pointed at itself (the bad value), anything else at its key.
        if (n === full.length && key === undefined && isScalar(pair.value) && pair.value.range) return toPos(lc, pair.value.range[0]);
        return toPos(lc, pair.key.range[0]);
      }
    }
    const node = doc.getIn(full.slice(0, n), true) as Ranged;
    if (node?.range) return toPos(lc, node.range[0]);
  }
  return undefined;
}

function toPos(lc: LineCounter, offset: number): Position {
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
}
