/**
 * Sweep configuration: Weights & Biases sweep YAML, accepted as written where it applies, plus
 * kdlab's keys for what to train. Read (YAML with positions) → validate (zod) → SweepConfig.
 *
 * A bad key or value is one DataError naming the key and its file:line:column.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, dirname, resolve } from 'node:path';
import { isScalar } from 'yaml';
import { z } from '../vendor/zod.js';
import { DataError, quote } from '../errors.js';
import type { Params, ParamValue } from '../domain/run.js';
import type { Metric } from '../domain/metric.js';
import { DEFAULT_METRIC } from '../domain/metric.js';
import { LOSS_VARIANTS } from '../domain/loss-variant.js';
import { PARAM_NAMES } from '../domain/param-name.js';
import { SWEEP_METHODS, type SweepMethod } from '../domain/sweep.js';
import { MAX_TEACHER_ENSEMBLE } from '../domain/trainer.js';
import { suggest } from '../util/registry.js';
import { parseDuration } from '../util/duration.js';
import { failAt, failOnIssue, knownKeysAt, parseYaml, type Fail, type Locate } from '../util/yaml.js';
import type { CommandSettings } from './command/command-trainer.js';
import { MACROS, unknownMacros } from './command/macros.js';
import { TRAINER_NAMES } from './trainers.js';
import { DISTRIBUTIONS, discreteCount, type Distribution, type ParamSpec, type SearchSpace } from './space.js';
import { MAX_GRID_POINTS, gridSize, gridTooLarge } from './samplers/grid.js';

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
    arch?: 'mlp' | 'cnn';
    conv_kernel?: number;
    conv_filters?: number;
    augment?: boolean;
    ensemble?: number;
  };
  readonly backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** The command trainer's program, command, metric and run timeout. */
  readonly program?: CommandSettings;
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
  /**
   * How long a running run may go without a heartbeat before an agent marks it crashed and retries
   * it (YAML `stale_after`, e.g. `20s`); undefined: the agent's default (60 s, KDLAB_STALE_MS).
   */
  readonly staleAfterMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Schema

const num = z.number().refine(Number.isFinite, 'must be a finite number');
/** `20s`, `500ms`, `5m`, `1h` (util/duration.ts) → milliseconds; at least one second, as heartbeats come every few seconds. */
const duration = z
  .union([z.string(), z.number()])
  .transform((t, ctx) => {
    const seconds = parseDuration(t);
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 20s, 500ms, 5m or 1h' });
      return z.NEVER;
    }
    return seconds * 1000;
  })
  .refine((ms) => ms >= 1000, 'must be at least 1s');
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
    stale_after: duration.optional(),
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
    // W&B's program and command: the command trainer runs them.
    program: z.string().min(1).optional(),
    command: z.array(z.string()).min(1).optional(),
    // W&B keys that name a W&B project: accepted, meaningless offline.
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
        arch: z.enum(['mlp', 'cnn']).optional(),
        // The upper bound depends on the images (the kernel must fit them), so training checks it.
        conv_kernel: posInt.optional(),
        conv_filters: posInt.optional(),
        augment: z.boolean().optional(),
        // Each member is a full teacher: a typo such as 200 would train for hours.
        ensemble: posInt.refine((n) => n <= MAX_TEACHER_ENSEMBLE, `must be at most ${MAX_TEACHER_ENSEMBLE}`).optional(),
      })
      .strict()
      .superRefine((t, ctx) => {
        // An MLP teacher would ignore them silently.
        for (const key of ['conv_kernel', 'conv_filters'] as const)
          if (t[key] !== undefined && t.arch !== 'cnn')
            ctx.addIssue({ code: 'custom', path: [key], message: 'applies only with arch: cnn (add it, or remove this key)' });
      })
      .optional(),
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).optional(),
    max_retries: z.number().int().nonnegative().optional(),
    // e.g. 30m: a run of the command trainer still going then is ended and fails as timed out
    run_timeout: z.union([z.string(), num]).optional(),
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

type RawParameter = z.infer<typeof parameterSchema>;

const FIXED_KEYS = PARAM_NAMES.filter((k) => k !== 'seed');

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
  const { doc, data, locate } = parseYaml(text, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new DataError('a sweep config must be a mapping with at least `method` and `parameters`', { file, line: 1, column: 1 });
  }
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
    locate?: Locate;
    /** Whether the number at `path` was written as a float (`1.0`): W&B infers uniform, not int_uniform. */
    isFloatLiteral?: (path: readonly (string | number)[]) => boolean;
    defaultName?: string;
  } = {},
): SweepConfig {
  const fail = failAt(ctx.file, ctx.locate);

  // The schema copies records with plain assignment, which would drop this key without a word.
  const params = (data as { parameters?: unknown }).parameters;
  if (params !== null && typeof params === 'object' && Object.prototype.hasOwnProperty.call(params, '__proto__'))
    fail(['parameters'], 'a parameter cannot be named __proto__; rename it', '__proto__');
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    failOnIssue(parsed.error.issues, data, {
      locate: ctx.locate,
      knownKeysAt: (path) => knownKeysAt(configSchema, path),
      fail,
      unionHints: UNION_HINTS,
    });
  }
  const raw = parsed.data;

  // A W&B sweep names its program: that is what it trains, unless `trainer` says otherwise.
  const trainer = raw.trainer ?? (raw.program !== undefined || raw.command !== undefined ? 'command' : 'distill');
  const runTimeoutS = raw.run_timeout === undefined ? undefined : parseDuration(raw.run_timeout);
  if (raw.run_timeout !== undefined && runTimeoutS === undefined)
    fail(['run_timeout'], `${quote(raw.run_timeout)} is not a duration; write e.g. 90s, 30m or 2h`);
  if (trainer === 'command') checkCommand(raw, fail);
  const specs: ParamSpec[] = [];
  for (const [name, p] of Object.entries(raw.parameters)) {
    const path = ['parameters', name];
    if (trainer === 'distill' && !(PARAM_NAMES as readonly string[]).includes(name)) {
      const near = suggest(name, PARAM_NAMES);
      fail(
        ['parameters'],
        `unknown training parameter${near ? ` (did you mean "${near}"?)` : ''}; the distill trainer reads ${PARAM_NAMES.join(', ')}`,
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
      if (discreteCount(s) === undefined)
        fail(
          ['parameters', s.name],
          `grid search needs discrete values, but distribution ${s.distribution} is continuous; use values, int_uniform or q_uniform`,
        );
    }
    const size = gridSize({ params: specs });
    if (size > MAX_GRID_POINTS) fail(['parameters'], gridTooLarge(size));
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
        goal: raw.metric.goal ?? 'minimize',
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
    staleAfterMs: raw.stale_after,
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
      ...(trainer === 'command'
        ? {
            program: {
              ...(raw.program !== undefined ? { program: raw.program } : {}),
              ...(raw.command !== undefined ? { command: raw.command } : {}),
              metric: metric.name,
              ...(runTimeoutS !== undefined ? { runTimeoutS } : {}),
            },
          }
        : {}),
    },
    // Inferred distributions are written out, so the stored config means the same when read back.
    raw: {
      ...data,
      name: raw.name ?? ctx.defaultName ?? 'sweep',
      parameters: Object.fromEntries(
        specs.map((spec) => [spec.name, { ...(raw.parameters[spec.name] as object), distribution: spec.distribution }]),
      ),
    },
  };
}

/** The command trainer's keys: something to run, and only W&B's macros in `command`. */
function checkCommand(raw: z.infer<typeof configSchema>, fail: Fail): void {
  if (raw.program === undefined && raw.command === undefined)
    fail(['program'], 'is required by the command trainer (the script each run executes), or give `command:`');
  const bad = unknownMacros(raw.command ?? [])[0];
  if (bad) {
    const near = suggest(bad.name, MACROS);
    fail(
      ['command', bad.index],
      `unknown macro \${${bad.name}}${near ? ` (did you mean \${${near}}?)` : ''}; W&B's macros are ${MACROS.map((m) => `\${${m}}`).join(', ')}`,
    );
  }
  if (raw.program === undefined && raw.command?.some((w) => w.includes('${program}')))
    fail(['command'], 'uses ${program} but the config has no `program:`; add one');
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
  const fields = FIELDS[d];
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
    distribution: d,
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
  const trainerSettings: { -readonly [K in keyof TrainerSettings]: TrainerSettings[K] } = {
    ...t,
    dataset,
    ...(t.dataDir ? { dataDir: resolve(base, t.dataDir) } : {}),
    ...(t.cacheDir ? { cacheDir: resolve(base, t.cacheDir) } : {}),
  };
  const raw: Record<string, unknown> = { ...cfg.raw };
  if (t.program?.program !== undefined) {
    const program = resolve(base, t.program.program);
    trainerSettings.program = { ...t.program, program };
    raw.program = program;
  }
  if (dataset && typeof dataset === 'object') raw.dataset = dataset;
  if (trainerSettings.dataDir) raw.data_dir = trainerSettings.dataDir;
  if (trainerSettings.cacheDir) raw.cache_dir = trainerSettings.cacheDir;
  return { ...cfg, trainerSettings, raw };
}

// ---------------------------------------------------------------------------------------------
// Errors with positions

/** What a union accepts, for the keys that take one. */
const UNION_HINTS: Record<string, string> = {
  dataset: 'must be digits, fashion-mnist or { csv: FILE, label: COLUMN }',
  student_hidden: 'must be a layer size (32), sizes as text ("128,64") or a list ([128, 64])',
};
