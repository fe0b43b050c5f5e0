/**
 * Student hyperparameters: the canonical snake_case names stored with every run, their defaults and
 * their validation. Sweeps pass Params straight from YAML, so numbers may arrive as strings.
 */
import type { LossVariant } from '../domain/loss-variant.js';
import { PARAM_NAMES, type ParamName } from '../domain/param-name.js';
import type { Params } from '../domain/run.js';
import { UsageError } from '../errors.js';
import { createRegistry } from '../util/registry.js';
import { losses } from './losses/index.js';
import { parseHidden } from './model/mlp.js';

// Extending the name list makes a listed parameter without a field here a type error.
export interface StudentParams extends Record<ParamName, unknown> {
  readonly loss: LossVariant;
  /** Weight of the cross-entropy with the labels. */
  readonly w_hard: number;
  /** Weight of the distillation term; default 1 − w_hard, so "alpha" means one thing. */
  readonly w_soft: number;
  readonly temperature: number;
  /** Flattening of the teacher's probabilities in `cosine-scaling`, in [0, 1). */
  readonly k: number;
  readonly learning_rate: number;
  readonly batch_size: number;
  readonly epochs: number;
  /** Hidden layer sizes, canonical form "128,64". */
  readonly student_hidden: string;
  readonly seed: number;
  /**
   * Labelled training examples the student sees (a seeded, class-balanced subset; absent = all). The
   * hard-label term and `ce` use only these; the distillation term uses every training input.
   */
  readonly labelled: number | undefined;
}

export const PARAM_DEFAULTS = {
  loss: 'kl-temperature',
  w_hard: 0.5,
  temperature: 4,
  k: 0.5,
  learning_rate: 0.003,
  batch_size: 64,
  epochs: 20,
  student_hidden: '32',
  seed: 0,
} as const satisfies Omit<StudentParams, 'w_soft' | 'loss' | 'labelled'> & { loss: LossVariant }; // labelled: all rows by default

export { PARAM_NAMES };

const paramNames = createRegistry('parameter', Object.fromEntries(PARAM_NAMES.map((n) => [n, n])));

/** Fills defaults and checks every value; throws a UsageError naming the parameter. */
export function resolveParams(params: Params = {}): StudentParams {
  for (const key of Object.keys(params)) paramNames.get(key);
  const loss = String(params.loss ?? PARAM_DEFAULTS.loss);
  losses.get(loss);
  const w_hard = num(params, 'w_hard', PARAM_DEFAULTS.w_hard, { min: 0 });
  const w_soft = num(params, 'w_soft', Math.max(0, 1 - w_hard), { min: 0 });
  const hiddenRaw = params.student_hidden ?? PARAM_DEFAULTS.student_hidden;
  let hidden: number[];
  try {
    hidden = parseHidden(typeof hiddenRaw === 'number' ? hiddenRaw : String(hiddenRaw));
  } catch (err) {
    throw new UsageError(`student_hidden: ${(err as Error).message}`);
  }
  return {
    loss: loss as LossVariant,
    w_hard,
    w_soft,
    temperature: num(params, 'temperature', PARAM_DEFAULTS.temperature, { min: 0, exclusiveMin: true }),
    k: num(params, 'k', PARAM_DEFAULTS.k, { min: 0, max: 1, exclusiveMax: true }),
    learning_rate: num(params, 'learning_rate', PARAM_DEFAULTS.learning_rate, { min: 0, exclusiveMin: true }),
    batch_size: num(params, 'batch_size', PARAM_DEFAULTS.batch_size, { min: 1, integer: true }),
    epochs: num(params, 'epochs', PARAM_DEFAULTS.epochs, { min: 1, integer: true }),
    student_hidden: hidden.join(','),
    seed: num(params, 'seed', PARAM_DEFAULTS.seed, { min: 0, integer: true }),
    labelled: params.labelled === undefined || params.labelled === null ? undefined : num(params, 'labelled', 0, { min: 1, integer: true }),
  };
}

/** The resolved parameters as a plain Params object, as stored with the run. */
export function toParams(p: StudentParams): Params {
  // Absent parameters are not stored (a ParamValue is never undefined).
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
}

interface Range {
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  integer?: boolean;
}

function num(params: Params, name: string, fallback: number, r: Range): number {
  const raw = params[name];
  if (raw === undefined || raw === null) return fallback;
  const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  const bad = (why: string) => new UsageError(`${name} ${why}, got ${JSON.stringify(raw)}`);
  if (!Number.isFinite(v)) throw bad('must be a number');
  if (r.integer && !Number.isInteger(v)) throw bad('must be an integer');
  if (r.min !== undefined && (r.exclusiveMin ? v <= r.min : v < r.min)) throw bad(`must be ${r.exclusiveMin ? '>' : '≥'} ${r.min}`);
  if (r.max !== undefined && (r.exclusiveMax ? v >= r.max : v > r.max)) throw bad(`must be ${r.exclusiveMax ? '<' : '≤'} ${r.max}`);
  return v;
}
