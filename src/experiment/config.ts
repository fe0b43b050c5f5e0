/**
 * Experiment configuration: a named set of sweeps trained against one teacher, plus the options of
 * the report that compares them. Read (YAML with positions) → merge the shared keys into each
 * sweep → validate every sweep with the sweep module's own validator → ExperimentConfig.
 *
 *   name: seed
 *   dataset: fashion-mnist            # shared by every sweep: one teacher, trained once up front
 *   teacher: { hidden: [1200, 1200], epochs: 20 }
 *   method: bayes                     # defaults for every sweep (a sweep's own key wins)
 *   run_cap: 50
 *   parameters: { epochs: { value: 10 } }
 *   sweeps:
 *     - { name: kl-temperature, loss: kl-temperature, parameters: { temperature: { min: 1, max: 20 } } }
 *     - sweeps/cosine.yaml            # a W&B-style sweep YAML, relative to this file
 *   report: { baseline: kl-temperature, alternative: greater }
 *
 * A bad key or value is one DataError naming the key and its file:line:column.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { z } from '../vendor/zod.js';
import { ADJUST_METHODS, type AdjustMethod } from '../analysis/compare.js';
import { ALTERNATIVES, DEFAULT_METRIC, type Alternative, type Metric } from '../domain/metric.js';
import { SWEEP_METHODS } from '../domain/sweep.js';
import { DataError, withLocation } from '../errors.js';
import { validateSweepConfig, type SweepConfig, type TrainerSettings } from '../sweep/config.js';
import { suggest } from '../util/registry.js';
import { failAt, failOnIssue, knownKeysAt, parseYaml, type Locate } from '../util/yaml.js';

export interface ReportOptions {
  readonly baseline?: string;
  readonly alternative: Alternative;
  readonly metric: Metric;
  readonly adjust: AdjustMethod;
  readonly alpha: number;
  readonly title?: string;
  /** `pair_by`: match runs across sweeps by these columns (`kdlab report --pair-by`), e.g. `seed`, or `auto`. */
  readonly pairBy?: string;
  /** `where`: row filters applied before grouping (`kdlab report --where`, repeatable). */
  readonly where?: readonly string[];
}

export interface ExperimentConfig {
  readonly name: string;
  readonly description?: string;
  /** The file it was read from, if any. */
  readonly file?: string;
  /** What every sweep trains on and with: dataset, teacher, backend, cache. */
  readonly trainerSettings: TrainerSettings;
  readonly sweeps: readonly SweepConfig[];
  readonly report: ReportOptions;
}

const posInt = z.number().int().positive();

/** Keys every sweep inherits unless it sets them itself. */
const INHERITED = ['method', 'metric', 'run_cap', 'seed', 'trainer', 'max_retries', 'early_terminate'] as const;
/** Keys set once for the whole experiment: a sweep may repeat them only with the same value. */
const SHARED = ['dataset', 'data_dir', 'cache_dir', 'teacher', 'backend'] as const;

const experimentSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    // shared by every sweep; validated by the sweep validator (validateShared)
    dataset: z.unknown().refine((v) => v !== undefined, 'is required'),
    data_dir: z.unknown().optional(),
    cache_dir: z.unknown().optional(),
    teacher: z.unknown().optional(),
    backend: z.unknown().optional(),
    // defaults for every sweep, validated with the sweep itself
    method: z.enum(SWEEP_METHODS).optional(),
    metric: z
      .object({ name: z.string().min(1), goal: z.enum(['maximize', 'minimize']).optional() })
      .strict()
      .optional(),
    run_cap: posInt.optional(),
    seed: z.number().int().nonnegative().optional(),
    trainer: z.string().min(1).optional(),
    max_retries: z.number().int().nonnegative().optional(),
    early_terminate: z.record(z.string(), z.unknown()).optional(),
    parameters: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    sweeps: z.array(z.union([z.string().min(1), z.record(z.string(), z.unknown())])).min(1),
    report: z
      .object({
        baseline: z.string().min(1).optional(),
        alternative: z.enum(ALTERNATIVES).optional(),
        metric: z.string().min(1).optional(),
        goal: z.enum(['maximize', 'minimize']).optional(),
        adjust: z.enum(ADJUST_METHODS).optional(),
        alpha: z.number().gt(0).lt(1).optional(),
        title: z.string().min(1).optional(),
        // a column name, `A,B`, a list of column names, or `auto` (as `kdlab report --pair-by`)
        pair_by: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
        where: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type RawExperiment = z.infer<typeof experimentSchema>;

/** Reads and validates an experiment YAML file (sweep files it names are read relative to it). */
export async function loadExperimentConfig(path: string): Promise<ExperimentConfig> {
  return parseExperimentConfig(await readText(path, 'experiment config'), path, readText);
}

async function readText(path: string, what = 'sweep config'): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError(`cannot read ${what}: ${(err as Error).message}`, { file: path }, { cause: err });
  }
}

/**
 * Validates experiment YAML text. `file` names it in errors and anchors relative paths; `read`
 * loads the sweep files it refers to (tests pass an in-memory reader).
 */
export async function parseExperimentConfig(
  text: string,
  file = '<experiment config>',
  read: (path: string) => Promise<string> = readText,
): Promise<ExperimentConfig> {
  const { data, locate } = parseYaml(text, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new DataError('an experiment config must be a mapping with at least `dataset` and `sweeps`', { file, line: 1, column: 1 });
  }
  const fail = failAt(file, locate);
  const parsed = experimentSchema.safeParse(data);
  if (!parsed.success) {
    failOnIssue(parsed.error.issues, data, { locate, knownKeysAt: (path) => knownKeysAt(experimentSchema, path), fail });
  }
  const raw = parsed.data;
  validateShared(raw, file, locate);
  const base = file.startsWith('<') ? process.cwd() : dirname(resolve(file));

  const sweeps: SweepConfig[] = [];
  for (const [i, entry] of raw.sweeps.entries()) {
    let sweepData: Record<string, unknown>;
    let sweepFile = file;
    let sweepLocate: Locate;
    let defaultName: string | undefined;
    if (typeof entry === 'string') {
      sweepFile = resolve(base, entry);
      const parsedSweep = parseYaml(await read(sweepFile), sweepFile);
      const js = parsedSweep.data;
      if (js === null || typeof js !== 'object' || Array.isArray(js))
        throw new DataError('a sweep config must be a mapping with at least `method` and `parameters`', {
          file: sweepFile,
          line: 1,
          column: 1,
        });
      sweepData = js as Record<string, unknown>;
      sweepLocate = parsedSweep.locate;
      defaultName = basename(sweepFile, extname(sweepFile));
    } else {
      sweepData = entry;
      sweepLocate = (path, key) => locate(['sweeps', i, ...path], key);
      defaultName = typeof entry.loss === 'string' ? entry.loss : undefined;
    }
    const merged = mergeShared(raw, sweepData, (key, message) => {
      const pos = sweepLocate([], key);
      throw new DataError(`${typeof entry === 'string' ? '' : `sweeps.${i}.`}${key}: ${message}`, {
        file: sweepFile,
        line: pos?.line,
        column: pos?.column,
      });
    });
    const cfg = validateInline(
      () => validateSweepConfig(merged, { file: sweepFile, locate: sweepLocate, defaultName }),
      typeof entry === 'string' ? undefined : i,
    );
    if (sweeps.some((s) => s.name === cfg.name))
      fail(['sweeps', i], `two sweeps are named ${JSON.stringify(cfg.name)}; give each sweep its own name`);
    sweeps.push(resolveSweepPaths(cfg, base));
  }

  const names = sweeps.map((s) => s.name);
  const r = raw.report ?? {};
  if (r.baseline !== undefined && !names.includes(r.baseline)) {
    const near = suggest(r.baseline, names);
    fail(
      ['report', 'baseline'],
      `${JSON.stringify(r.baseline)} is not a sweep of this experiment${near ? ` (did you mean "${near}"?)` : ''}; sweeps: ${names.join(', ')}`,
    );
  }
  const sweepMetric = sweeps[0].metric;
  const metric: Metric = {
    name: r.metric ?? sweepMetric.name ?? DEFAULT_METRIC.name,
    goal: r.goal ?? (r.metric === undefined || r.metric === sweepMetric.name ? sweepMetric.goal : 'maximize'),
  };
  const trainerSettings = sweeps[0].trainerSettings;
  return {
    name: raw.name ?? (file.startsWith('<') ? 'experiment' : basename(file, extname(file))),
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(file.startsWith('<') ? {} : { file }),
    trainerSettings,
    sweeps,
    report: {
      ...(r.baseline !== undefined ? { baseline: r.baseline } : {}),
      alternative: r.alternative ?? 'two-sided',
      metric,
      adjust: r.adjust ?? 'holm',
      alpha: r.alpha ?? 0.05,
      ...(r.title !== undefined ? { title: r.title } : {}),
      ...(r.pair_by !== undefined ? { pairBy: typeof r.pair_by === 'string' ? r.pair_by : r.pair_by.join(',') } : {}),
      ...(r.where !== undefined ? { where: typeof r.where === 'string' ? [r.where] : r.where } : {}),
    },
  };
}

/** The shared keys (dataset, teacher, …) checked by the sweep validator itself, located in the experiment file. */
function validateShared(raw: RawExperiment, file: string, locate: Locate): void {
  const shared: Record<string, unknown> = { method: 'random', parameters: {} };
  for (const k of SHARED) if (raw[k] !== undefined) shared[k] = raw[k];
  validateSweepConfig(shared, { file, locate, defaultName: 'experiment' });
}

/** Runs the sweep validator; errors in an inline sweep name the key from the experiment's root (`sweeps.2.loss`). */
function validateInline(validate: () => SweepConfig, index: number | undefined): SweepConfig {
  try {
    return validate();
  } catch (err) {
    if (index === undefined || !(err instanceof DataError)) throw err;
    const prefix = withLocation('', err.location);
    const bare = prefix && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    throw new DataError(`sweeps.${index}.${bare}`, err.location, { cause: err });
  }
}

/** The sweep's own keys, the experiment's defaults where it has none, and the shared keys (which it may only repeat). */
function mergeShared(
  exp: RawExperiment,
  sweep: Record<string, unknown>,
  conflict: (key: string, message: string) => never,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...sweep };
  for (const k of INHERITED) if (out[k] === undefined && exp[k] !== undefined) out[k] = exp[k];
  for (const k of SHARED) {
    if (exp[k] === undefined) continue;
    if (out[k] !== undefined && JSON.stringify(out[k]) !== JSON.stringify(exp[k])) {
      conflict(
        k,
        `differs from the experiment's ${k}; every sweep of an experiment shares one ${k} (the teacher is trained once), so set it at the top only`,
      );
    }
    out[k] = exp[k];
  }
  if (exp.parameters) {
    const own = (sweep.parameters ?? {}) as Record<string, unknown>;
    const params: Record<string, unknown> = {};
    // A shared parameter the sweep fixes at its top level (e.g. `epochs: 3`) yields to it.
    for (const [name, spec] of Object.entries(exp.parameters)) if (!(name in own) && sweep[name] === undefined) params[name] = spec;
    out.parameters = { ...params, ...own };
  }
  return out;
}

/** Paths inside an inline sweep resolve against the experiment file, as those in a sweep file do against it. */
function resolveSweepPaths(cfg: SweepConfig, base: string): SweepConfig {
  const t = cfg.trainerSettings;
  const dataset = t.dataset && typeof t.dataset === 'object' ? { ...t.dataset, csv: resolve(base, t.dataset.csv) } : t.dataset;
  return {
    ...cfg,
    trainerSettings: {
      ...t,
      dataset,
      ...(t.dataDir ? { dataDir: resolve(base, t.dataDir) } : {}),
      ...(t.cacheDir ? { cacheDir: resolve(base, t.cacheDir) } : {}),
    },
  };
}
