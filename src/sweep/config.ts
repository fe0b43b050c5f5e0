/**
 * Sweep configuration: Weights & Biases sweep YAML, accepted as written where it applies, plus
 * kdlab's keys for what to train. Read (YAML with positions) → validate (zod) → SweepConfig.
 *
 * A bad key or value is one DataError naming the key and its file:line:column.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, dirname, resolve } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { DataError } from '../errors.js';
import type { Params, ParamValue } from '../domain/run.js';
import type { Goal, Metric } from '../domain/metric.js';
import { DEFAULT_METRIC } from '../domain/metric.js';
import { LOSS_VARIANTS } from '../domain/loss-variant.js';
import { SWEEP_METHODS, type SweepMethod } from '../domain/sweep.js';
import { suggest } from '../util/registry.js';
import { DISTRIBUTIONS, discreteValues, type Distribution, type ParamSpec, type SearchSpace } from './space.js';

/** Canonical training params (snake_case, as the trainer reads them). */
export const PARAM_KEYS = [
  'loss',
  'w_hard',
  'w_soft',
  'temperature',
  'k',
  'learning_rate',
  'batch_size',
  'epochs',
  'student_hidden',
  'seed',
  'labelled',
] as const;

/** Trainer names a config may name (resolved lazily by src/sweep/trainers.ts). */
export const TRAINER_NAMES = ['distill', 'fake'] as const;

export interface HyperbandConfig {
  readonly type: 'hyperband';
  readonly minIter?: number;
  readonly maxIter?: number;
  readonly s: number;
  readonly eta: number;
  readonly strict: boolean;
}

export interface TrainerSettings {
  readonly dataset?: 'digits' | 'fashion-mnist' | { csv: string; label: string };
  readonly dataDir?: string;
  readonly cacheDir?: string;
  /** The teacher's architecture and training (see src/train/teacher.ts for the defaults). */
  readonly teacher?: {
    hidden?: number[];
    epochs?: number;
    patience?: number;
    learning_rate?: number;
    batch_size?: number;
    dropout?: number;
    seed?: number;
  };
  readonly backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
}

export interface SweepConfig {
  readonly name: string;
  readonly method: SweepMethod;
  readonly metric: Metric & { readonly target?: number };
  readonly space: SearchSpace;
  /** Params every run gets (top-level kdlab keys such as `loss`, `epochs`). */
  readonly fixed: Params;
  readonly runCap?: number;
  readonly earlyTerminate?: HyperbandConfig;
  readonly seed: number;
  readonly maxRetries: number;
  readonly trainer: string;
  readonly trainerSettings: TrainerSettings;
  /** The configuration as validated, serialisable (what the store keeps). */
  readonly raw: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------
// Schema

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const valueSchema = z.union([scalar, z.array(z.union([z.number(), z.string(), z.boolean()]))]);
const posInt = z.number().int().positive();

const parameterSchema = z
  .object({
    distribution: z.enum(DISTRIBUTIONS).optional(),
    value: valueSchema.optional(),
    values: z.array(valueSchema).min(1).optional(),
    probabilities: z.array(num.refine((p) => p >= 0, 'must be ≥ 0')).optional(),
    min: num.optional(),
    max: num.optional(),
    q: num.refine((q) => q > 0, 'must be > 0').optional(),
    mu: num.optional(),
    sigma: num.refine((s) => s > 0, 'must be > 0').optional(),
  })
  .strict();

const datasetSchema = z.union([
  z.enum(['digits', 'fashion-mnist']),
  z.object({ csv: z.string().min(1), label: z.string().min(1) }).strict(),
]);

const configSchema = z
  .object({
    // W&B keys
    method: z.enum(SWEEP_METHODS),
    metric: z
      .object({ name: z.string().min(1), goal: z.enum(['maximize', 'minimize']).optional(), target: num.optional() })
      .strict()
      .optional(),
    parameters: z.record(z.string(), parameterSchema),
    run_cap: posInt.optional(),
    early_terminate: z
      .object({
        type: z.literal('hyperband'),
        min_iter: posInt.optional(),
        max_iter: posInt.optional(),
        s: posInt.optional(),
        eta: z
          .number()
          .refine((e) => e > 1, 'must be > 1')
          .optional(),
        strict: z.boolean().optional(),
      })
      .strict()
      .optional(),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    // W&B keys that name a W&B program or project: accepted, meaningless offline.
    program: z.string().optional(),
    command: z.array(z.string()).optional(),
    project: z.string().optional(),
    entity: z.string().optional(),
    // kdlab keys
    seed: z.number().int().nonnegative().optional(),
    trainer: z.enum(TRAINER_NAMES).optional(),
    dataset: datasetSchema.optional(),
    data_dir: z.string().min(1).optional(),
    cache_dir: z.string().min(1).optional(),
    teacher: z
      .object({
        hidden: z.array(posInt).min(1).optional(),
        epochs: posInt.optional(),
        patience: posInt.optional(),
        learning_rate: num.refine((l) => l > 0, 'must be > 0').optional(),
        batch_size: posInt.optional(),
        dropout: num.refine((d) => d >= 0 && d < 1, 'must be in [0, 1)').optional(),
        seed: z.number().int().nonnegative().optional(),
      })
      .strict()
      .optional(),
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).optional(),
    max_retries: z.number().int().nonnegative().optional(),
    // fixed training params
    loss: z.enum(LOSS_VARIANTS).optional(),
    w_hard: num.refine((w) => w >= 0, 'must be ≥ 0').optional(),
    w_soft: num.refine((w) => w >= 0, 'must be ≥ 0').optional(),
    temperature: num.refine((t) => t > 0, 'must be > 0').optional(),
    // cosine-scaling flattens the teacher's probabilities by k
    k: num.refine((k) => k >= 0 && k < 1, 'must be in [0, 1)').optional(),
    learning_rate: num.refine((l) => l > 0, 'must be > 0').optional(),
    batch_size: posInt.optional(),
    epochs: posInt.optional(),
    labelled: posInt.optional(),
    // Layer sizes: 32, "128,64" or [128, 64]; stored in the trainer's canonical form "128,64".
    student_hidden: z
      .union([posInt, z.string().regex(/^\d+(\s*,\s*\d+)*$/, 'must list layer sizes, e.g. "128,64"'), z.array(posInt).min(1)])
      .optional(),
  })
  .strict();

type RawConfig = z.infer<typeof configSchema>;
type RawParameter = z.infer<typeof parameterSchema>;

const FIXED_KEYS = PARAM_KEYS.filter((k) => k !== 'seed');

/** Which fields each distribution takes (W&B's table); anything else is an error, not ignored. */
const FIELDS: Record<Distribution, { required: readonly string[]; optional: readonly string[] }> = {
  constant: { required: ['value'], optional: [] },
  categorical: { required: ['values'], optional: ['probabilities'] },
  int_uniform: { required: ['min', 'max'], optional: [] },
  uniform: { required: ['min', 'max'], optional: [] },
  q_uniform: { required: ['min', 'max'], optional: ['q'] },
  log_uniform: { required: ['min', 'max'], optional: [] },
  log_uniform_values: { required: ['min', 'max'], optional: [] },
  q_log_uniform: { required: ['min', 'max'], optional: ['q'] },
  q_log_uniform_values: { required: ['min', 'max'], optional: ['q'] },
  normal: { required: [], optional: ['mu', 'sigma'] },
  q_normal: { required: [], optional: ['mu', 'sigma', 'q'] },
  log_normal: { required: [], optional: ['mu', 'sigma'] },
  q_log_normal: { required: [], optional: ['mu', 'sigma', 'q'] },
};

// ---------------------------------------------------------------------------------------------
// Entry points

/** Reads and validates a sweep YAML file. */
export async function loadSweepConfig(path: string): Promise<SweepConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError(`cannot read sweep config: ${(err as Error).message}`, { file: path }, { cause: err });
  }
  return parseSweepConfig(text, path);
}

/** Validates sweep YAML text; `file` names it in errors and resolves relative paths in it. */
export function parseSweepConfig(text: string, file = '<sweep config>'): SweepConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new DataError(`invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, {
      file,
      line: pos?.line,
      column: pos?.col,
    });
  }
  const data = doc.toJS() as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new DataError('a sweep config must be a mapping with at least `method` and `parameters`', { file, line: 1, column: 1 });
  }
  const locate = (path: readonly PropertyKey[], key?: string) => locateNode(doc, lineCounter, path, key);
  const defaultName = basename(file, extname(file));
  const isFloatLiteral = (path: readonly (string | number)[]) => {
    const node = doc.getIn(path, true);
    return isScalar(node) && typeof node.value === 'number' && /[.eE]/.test(String(node.source ?? ''));
  };
  const cfg = validateSweepConfig(data as Record<string, unknown>, { file, locate, isFloatLiteral, defaultName });
  return resolvePaths(cfg, file === '<sweep config>' ? process.cwd() : dirname(resolve(file)));
}

/** Validates an already parsed config (e.g. the one a store kept); errors carry only key paths. */
export function validateSweepConfig(
  data: Record<string, unknown>,
  ctx: {
    file?: string;
    locate?: (path: readonly PropertyKey[], key?: string) => { line: number; column: number } | undefined;
    /** Whether the number at `path` was written as a float (`1.0`): W&B infers uniform, not int_uniform. */
    isFloatLiteral?: (path: readonly (string | number)[]) => boolean;
    defaultName?: string;
  } = {},
): SweepConfig {
  const fail = (path: readonly PropertyKey[], message: string, key?: string): never => {
    const pos = ctx.locate?.(path, key);
    const where = [...path, ...(key === undefined ? [] : [key])].join('.');
    throw new DataError(`${where ? `${where}: ` : ''}${message}`, { file: ctx.file, line: pos?.line, column: pos?.column });
  };

  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    failOnIssue(parsed.error.issues, data, { locate: ctx.locate, knownKeysAt, fail });
  }
  const raw = parsed.data as RawConfig;

  const trainer = raw.trainer ?? 'distill';
  const specs: ParamSpec[] = [];
  for (const [name, p] of Object.entries(raw.parameters)) {
    const path = ['parameters', name];
    if (trainer === 'distill' && !(PARAM_KEYS as readonly string[]).includes(name)) {
      const near = suggest(name, PARAM_KEYS);
      fail(
        ['parameters'],
        `unknown training parameter${near ? ` (did you mean "${near}"?)` : ''}; the distill trainer reads ${PARAM_KEYS.join(', ')}`,
        name,
      );
    }
    if (name in raw && (FIXED_KEYS as readonly string[]).includes(name)) {
      fail(path, `is both fixed at the top level and searched under parameters; keep one`);
    }
    const floatAt = (field: string) => ctx.isFloatLiteral?.([...path, field]) ?? false;
    specs.push(toSpec(name, p, floatAt, (msg, field) => fail(field ? [...path, field] : path, msg)));
  }
  if (raw.method === 'grid') {
    for (const s of specs) {
      if (!discreteValues(s))
        fail(
          ['parameters', s.name],
          `grid search needs discrete values, but distribution ${s.distribution} is continuous; use values, int_uniform or q_uniform`,
        );
    }
  }
  const et = raw.early_terminate;
  if (et && et.min_iter === undefined && et.max_iter === undefined) fail(['early_terminate'], 'hyperband needs min_iter or max_iter');
  if (et && et.max_iter !== undefined && et.min_iter === undefined && et.s === undefined)
    fail(['early_terminate'], 'hyperband with max_iter needs s (the number of brackets)');
  if (raw.metric?.target !== undefined && raw.method === 'grid') {
    // W&B stops a sweep at its target; for grid that would silently skip points, so say so.
    fail(['metric', 'target'], 'a target would stop a grid search before every point ran; remove it or use random/bayes');
  }

  // W&B's default goal is minimize; for an accuracy that is almost surely a slip, so ask.
  if (raw.metric && raw.metric.goal === undefined && /acc|f1|auc|precision|recall/i.test(raw.metric.name)) {
    fail(
      ['metric'],
      `no goal for ${raw.metric.name}: W&B's default (minimize) would minimize it; write goal: maximize (or goal: minimize)`,
    );
  }
  const fixed: Record<string, ParamValue> = {};
  for (const k of FIXED_KEYS) {
    const v = (raw as Record<string, unknown>)[k];
    if (v !== undefined) fixed[k] = canonicalValue(v);
  }
  const metric = raw.metric
    ? {
        name: raw.metric.name,
        goal: (raw.metric.goal ?? 'minimize') as Goal,
        ...(raw.metric.target !== undefined ? { target: raw.metric.target } : {}),
      }
    : DEFAULT_METRIC;
  return {
    name: raw.name ?? ctx.defaultName ?? 'sweep',
    method: raw.method,
    metric,
    space: { params: specs },
    fixed,
    runCap: raw.run_cap,
    earlyTerminate: et && {
      type: 'hyperband',
      minIter: et.min_iter,
      maxIter: et.max_iter,
      s: et.s ?? 3,
      eta: et.eta ?? 3,
      strict: et.strict ?? false,
    },
    seed: raw.seed ?? 0,
    maxRetries: raw.max_retries ?? 2,
    trainer,
    trainerSettings: {
      dataset: raw.dataset,
      dataDir: raw.data_dir,
      cacheDir: raw.cache_dir,
      teacher: raw.teacher,
      backend: raw.backend,
    },
    // Inferred distributions are written out, so the stored config means the same when read back.
    raw: {
      ...(data as Record<string, unknown>),
      name: raw.name ?? ctx.defaultName ?? 'sweep',
      parameters: Object.fromEntries(
        specs.map((spec) => [spec.name, { ...(raw.parameters[spec.name] as object), distribution: spec.distribution }]),
      ),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters

/** W&B's inference when `distribution` is omitted, then a check of the fields it takes. */
function toSpec(
  name: string,
  p: RawParameter,
  floatAt: (field: string) => boolean,
  fail: (message: string, field?: string) => never,
): ParamSpec {
  const has = (k: string) => (p as Record<string, unknown>)[k] !== undefined;
  let d = p.distribution;
  if (!d) {
    if ('value' in p) d = 'constant';
    else if (has('values')) d = 'categorical';
    else if (has('min') && has('max')) {
      if (has('q')) d = 'q_uniform';
      else d = Number.isInteger(p.min) && Number.isInteger(p.max) && !floatAt('min') && !floatAt('max') ? 'int_uniform' : 'uniform';
    } else if (has('mu') || has('sigma')) d = 'normal';
    else fail('needs value, values, min and max, or a distribution');
  }
  const fields = FIELDS[d!];
  for (const k of fields.required) if (!(k === 'value' ? 'value' in p : has(k))) fail(`distribution ${d} needs ${k}`);
  for (const k of Object.keys(p)) {
    if (k !== 'distribution' && !fields.required.includes(k) && !fields.optional.includes(k)) {
      fail(`does not apply to distribution ${d} (it takes ${[...fields.required, ...fields.optional].join(', ') || 'nothing else'})`, k);
    }
  }
  if (has('min') && has('max') && !(p.min! < p.max! || (d === 'int_uniform' && p.min === p.max)))
    fail(`min (${p.min}) must be below max (${p.max})`, 'max');
  if (d === 'int_uniform' && (!Number.isInteger(p.min) || !Number.isInteger(p.max)))
    fail('int_uniform needs integer min and max', Number.isInteger(p.min) ? 'max' : 'min');
  if ((d === 'log_uniform_values' || d === 'q_log_uniform_values') && p.min! <= 0)
    fail(`${d} takes the values themselves, so min must be > 0 (log_uniform takes natural-log exponents)`, 'min');
  if (d === 'categorical' && p.probabilities) {
    if (p.probabilities.length !== p.values!.length)
      fail(`has ${p.probabilities.length} probabilities for ${p.values!.length} values`, 'probabilities');
    const sum = p.probabilities.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6) fail(`probabilities must sum to 1, they sum to ${sum}`, 'probabilities');
  }
  if (d === 'categorical') {
    const keys = p.values!.map((v) => JSON.stringify(v));
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) fail(`lists ${dup} twice`, 'values');
  }
  return {
    name,
    distribution: d!,
    ...(d === 'constant' ? { value: canonicalValue(p.value) } : {}),
    ...(p.values ? { values: p.values.map(canonicalValue) } : {}),
    ...(p.probabilities ? { probabilities: p.probabilities } : {}),
    ...(p.min !== undefined ? { min: p.min } : {}),
    ...(p.max !== undefined ? { max: p.max } : {}),
    ...(p.q !== undefined ? { q: p.q } : {}),
    ...(p.mu !== undefined ? { mu: p.mu } : {}),
    ...(p.sigma !== undefined ? { sigma: p.sigma } : {}),
  };
}

/** A list value (layer sizes) becomes its canonical string "128,64": params stay scalar. */
function canonicalValue(v: unknown): ParamValue {
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'string' && /^\d+(\s*,\s*\d+)+$/.test(v)) return v.replace(/\s+/g, '');
  return v as ParamValue;
}

function resolvePaths(cfg: SweepConfig, base: string): SweepConfig {
  const t = cfg.trainerSettings;
  const dataset = t.dataset && typeof t.dataset === 'object' ? { ...t.dataset, csv: resolve(base, t.dataset.csv) } : t.dataset;
  const trainerSettings: TrainerSettings = {
    ...t,
    dataset,
    ...(t.dataDir ? { dataDir: resolve(base, t.dataDir) } : {}),
    ...(t.cacheDir ? { cacheDir: resolve(base, t.cacheDir) } : {}),
  };
  const raw: Record<string, unknown> = { ...cfg.raw };
  if (dataset && typeof dataset === 'object') raw.dataset = dataset;
  if (trainerSettings.dataDir) raw.data_dir = trainerSettings.dataDir;
  if (trainerSettings.cacheDir) raw.cache_dir = trainerSettings.cacheDir;
  return { ...cfg, trainerSettings, raw };
}

// ---------------------------------------------------------------------------------------------
// Errors with positions

type Issue = z.core.$ZodIssue;

/**
 * Turns the first schema issue (in document order) into one DataError line through `fail`:
 * unknown keys get a near-miss hint and the list of valid keys. Shared by every YAML config.
 */
export function failOnIssue(
  issues: readonly Issue[],
  data: unknown,
  ctx: {
    locate?: (path: readonly PropertyKey[], key?: string) => { line: number; column: number } | undefined;
    knownKeysAt: (path: readonly PropertyKey[]) => string[];
    fail: (path: readonly PropertyKey[], message: string, key?: string) => never;
  },
): never {
  const issue = firstIssue(issues, ctx.locate);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const known = ctx.knownKeysAt(issue.path);
    const near = suggest(key, known);
    ctx.fail(issue.path, `unknown key${near ? ` (did you mean "${near}"?)` : ''}; remove it or use one of: ${known.join(', ')}`, key);
  }
  return ctx.fail(issue.path, describeIssue(issue, valueAt(data, issue.path), issue.path.map(String)));
}

export function firstIssue(
  issues: readonly Issue[],
  locate?: (path: readonly PropertyKey[], key?: string) => { line: number; column: number } | undefined,
): Issue {
  if (!locate) return issues[0];
  const pos = (i: Issue) => {
    const p = locate(i.path, i.code === 'unrecognized_keys' ? i.keys[0] : undefined);
    return p ? p.line * 1e6 + p.column : Infinity;
  };
  return issues.slice().sort((a, b) => pos(a) - pos(b))[0];
}

/** What a union accepts, for the keys that take one. */
const UNION_HINTS: Record<string, string> = {
  dataset: 'must be digits, fashion-mnist or { csv: FILE, label: COLUMN }',
  student_hidden: 'must be a layer size (32), sizes as text ("128,64") or a list ([128, 64])',
};

export function describeIssue(issue: Issue, value: unknown, path: readonly string[]): string {
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
      return `${got}: ${UNION_HINTS[path[path.length - 1]] ?? 'is not a valid value here'}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${got}`;
    case 'too_big':
      return `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${got}`;
    default:
      return `${issue.message.toLowerCase()}, got ${got}`;
  }
}

function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const seg of path) {
    const s = unwrap(schema);
    if (s instanceof z.ZodObject) schema = (s.shape as Record<string, z.ZodType>)[String(seg)];
    else if (s instanceof z.ZodRecord) schema = s.valueType as z.ZodType;
    else if (s instanceof z.ZodUnion) schema = (s.options as z.ZodType[]).find((o) => unwrap(o) instanceof z.ZodObject) ?? s;
    if (!schema) return [];
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
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

/** Line and column of the node at `path` (of the key `key` inside it, when given); else its nearest parent's. */
export function locateNode(
  doc: Document,
  lc: LineCounter,
  path: readonly PropertyKey[],
  key?: string,
): { line: number; column: number } | undefined {
  const segs = path.map((s) => (typeof s === 'symbol' ? String(s) : s)) as (string | number)[];
  const full = key === undefined ? segs : [...segs, key];
  for (let n = full.length; n >= 0; n--) {
    const parentPath = full.slice(0, Math.max(0, n - 1));
    const parent = n === 0 ? doc.contents : parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
    if (n === 0) {
      const r = (parent as { range?: [number, number, number] } | null)?.range;
      return r ? toPos(lc, r[0]) : undefined;
    }
    const last = full[n - 1];
    // Prefer the key's own position in a map: that is where the reader looks for the name.
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(last));
      if (pair && isScalar(pair.key) && pair.key.range) {
        if (
          n === full.length &&
          key === undefined &&
          pair.value &&
          (pair.value as { range?: [number, number, number] }).range &&
          isScalar(pair.value)
        ) {
          return toPos(lc, (pair.value as { range: [number, number, number] }).range[0]);
        }
        return toPos(lc, pair.key.range[0]);
      }
    }
    const node = doc.getIn(full.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return toPos(lc, node.range[0]);
  }
  return undefined;
}

function toPos(lc: LineCounter, offset: number): { line: number; column: number } {
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
}
