/**
 * SearchSpace: the parameters a sweep searches, with W&B's distributions and their semantics.
 *
 * Every numeric distribution is a transform of a base draw in an "internal" space where TPE fits its
 * Parzen estimators: uniform kinds draw x ~ U(lo, hi), log kinds draw x ~ U(lo, hi) in natural-log
 * space, normal kinds draw x ~ N(mu, sigma); the value is x, exp(x), rounded to q, as named.
 */
import type { ParamValue, Params } from '../domain/run.js';
import type { Rng } from '../util/rng.js';

export const DISTRIBUTIONS = [
  'constant',
  'categorical',
  'int_uniform',
  'uniform',
  'q_uniform',
  'log_uniform',
  'log_uniform_values',
  'q_log_uniform',
  'q_log_uniform_values',
  'normal',
  'q_normal',
  'log_normal',
  'q_log_normal',
] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export interface ParamSpec {
  readonly name: string;
  readonly distribution: Distribution;
  /** constant */
  readonly value?: ParamValue;
  /** categorical */
  readonly values?: readonly ParamValue[];
  readonly probabilities?: readonly number[];
  /** uniform kinds (log_uniform: natural-log exponents, as in W&B; *_values: the values themselves) */
  readonly min?: number;
  readonly max?: number;
  readonly q?: number;
  /** normal kinds */
  readonly mu?: number;
  readonly sigma?: number;
}

export interface SearchSpace {
  readonly params: readonly ParamSpec[];
}

/** How a numeric spec maps to its internal space (where samplers work). */
export interface InternalDomain {
  /** 'bounded': x in [lo, hi]; 'normal': prior N(mu, sigma), unbounded. */
  readonly kind: 'bounded' | 'normal';
  readonly lo: number;
  readonly hi: number;
  readonly mu: number;
  readonly sigma: number;
  readonly log: boolean;
  /** Rounding step of the value (1 for int_uniform), undefined for continuous. */
  readonly q?: number;
}

export function isNumeric(spec: ParamSpec): boolean {
  return spec.distribution !== 'constant' && spec.distribution !== 'categorical';
}

export function internalDomain(spec: ParamSpec): InternalDomain {
  const d = spec.distribution;
  const q = d === 'int_uniform' ? 1 : d.startsWith('q_') ? (spec.q ?? 1) : undefined;
  const log = d.includes('log');
  if (d.endsWith('normal')) {
    return { kind: 'normal', lo: -Infinity, hi: Infinity, mu: spec.mu ?? 0, sigma: spec.sigma ?? 1, log, q };
  }
  let lo = spec.min!,
    hi = spec.max!;
  if (d === 'log_uniform_values' || d === 'q_log_uniform_values') {
    lo = Math.log(lo);
    hi = Math.log(hi);
  }
  // int_uniform is inclusive of max: widen by half a step so both ends round with equal mass.
  if (d === 'int_uniform') {
    lo -= 0.5;
    hi += 0.5;
  }
  return { kind: 'bounded', lo, hi, mu: (lo + hi) / 2, sigma: hi - lo, log, q };
}

/** The value of internal point x. */
export function fromInternal(spec: ParamSpec, x: number): number {
  const dom = internalDomain(spec);
  let v = dom.log ? Math.exp(x) : x;
  if (dom.q !== undefined) v = roundTo(v, dom.q);
  if (spec.distribution === 'int_uniform') v = Math.min(spec.max!, Math.max(spec.min!, v));
  return v;
}

/** The internal point of value v (inverse of fromInternal up to rounding). */
export function toInternal(spec: ParamSpec, v: number): number {
  return internalDomain(spec).log ? Math.log(Math.max(v, Number.MIN_VALUE)) : v;
}

/** Round to a multiple of q, without binary noise (0.1 * 3 → 0.3). */
export function roundTo(v: number, q: number): number {
  const r = Math.round(v / q) * q;
  const decimals = Math.max(0, -Math.floor(Math.log10(q)) + 1);
  return Number(r.toFixed(Math.min(decimals + 6, 15)));
}

/** One draw from the spec's prior. */
export function sampleParam(spec: ParamSpec, rng: Rng): ParamValue {
  switch (spec.distribution) {
    case 'constant':
      return constantValue(spec);
    case 'categorical':
      return spec.values![pickIndex(spec.probabilities, spec.values!.length, rng)];
    default: {
      const dom = internalDomain(spec);
      const x = dom.kind === 'normal' ? dom.mu + dom.sigma * rng.normal() : dom.lo + (dom.hi - dom.lo) * rng.next();
      return fromInternal(spec, x);
    }
  }
}

export function sampleParams(space: SearchSpace, rng: Rng): Params {
  const out: Record<string, ParamValue> = {};
  for (const spec of space.params) out[spec.name] = sampleParam(spec, rng);
  return out;
}

export function constantValue(spec: ParamSpec): ParamValue {
  return spec.value ?? null;
}

function pickIndex(probabilities: readonly number[] | undefined, n: number, rng: Rng): number {
  if (!probabilities) return rng.int(n);
  let u = rng.next();
  for (let i = 0; i < n; i++) {
    u -= probabilities[i];
    if (u < 0) return i;
  }
  return n - 1;
}

/**
 * How many values discreteValues(spec) would list, without listing them (an int_uniform over
 * 0..1e8 is one number here, not 10⁸ array elements); undefined when the spec is continuous.
 */
export function discreteCount(spec: ParamSpec): number | undefined {
  switch (spec.distribution) {
    case 'constant':
      return 1;
    case 'categorical':
      return spec.values!.length;
    case 'int_uniform':
      return Math.max(0, Math.floor(spec.max!) - Math.ceil(spec.min!) + 1);
    case 'q_uniform': {
      const q = spec.q ?? 1;
      return Math.max(0, Math.floor(spec.max! / q + 1e-9) - Math.ceil(spec.min! / q - 1e-9) + 1);
    }
    default:
      return undefined;
  }
}

/** The finite values of a discrete spec, in order; undefined when the spec is continuous. */
export function discreteValues(spec: ParamSpec): ParamValue[] | undefined {
  switch (spec.distribution) {
    case 'constant':
      return [constantValue(spec)];
    case 'categorical':
      return [...spec.values!];
    case 'int_uniform': {
      const out: number[] = [];
      for (let v = spec.min!; v <= spec.max!; v++) out.push(v);
      return out;
    }
    case 'q_uniform': {
      const out: number[] = [];
      const q = spec.q ?? 1;
      const first = Math.ceil(spec.min! / q - 1e-9),
        last = Math.floor(spec.max! / q + 1e-9);
      for (let i = first; i <= last; i++) out.push(roundTo(i * q, q));
      return out;
    }
    default:
      return undefined;
  }
}

/**
 * Canonical key of a params object: keys sorted, JSON values. Two runs with the same key trained the
 * same configuration; grid dedupe and retries match on it.
 */
export function paramsKey(params: Params, names?: readonly string[]): string {
  const keys = (names ?? Object.keys(params)).slice().sort();
  return JSON.stringify(keys.map((k) => [k, params[k] ?? null]));
}
