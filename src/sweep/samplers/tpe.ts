/**
 * TPE: the Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl 2011, "Algorithms for
 * Hyper-Parameter Optimization"), univariate as in hyperopt and Optuna's default.
 *
 *  1. Below `nStartup` finished runs, draw from the prior (random search).
 *  2. Split the runs by loss at the γ quantile: the best ⌈γ·n⌉ are "good", the rest "bad".
 *  3. Per parameter, fit a Parzen estimator l(x) to the good values and g(x) to the bad ones, in the
 *     internal space (log scale for log distributions): a mixture of normals (truncated to the bounds)
 *     centred on the observations plus one prior component, bandwidths from neighbour gaps
 *     (hyperopt's adaptive Parzen); categorical parameters get smoothed category frequencies.
 *  4. Draw `nCandidates` values from l and keep the one maximising l(x)/g(x), which maximises
 *     expected improvement under the model.
 *
 * Constant liar (Ginsbourger et al. 2010): runs still pending or running have no value yet; they enter
 * the model with the worst loss seen so far, which pushes g(x) up around them, so parallel agents
 * asking at the same time are steered away from configurations already being trained.
 * Quantised and integer values use the continuous density at the rounded point (an approximation).
 */
import { erfc } from '../../vendor/stdlib.js';
import type { Params, ParamValue } from '../../domain/run.js';
import type { Rng } from '../../util/rng.js';
import {
  constantValue,
  fromInternal,
  internalDomain,
  isNumeric,
  paramsKey,
  sampleParams,
  toInternal,
  type ParamSpec,
  type SearchSpace,
} from '../space.js';
import type { Sampler, Trial } from './sampler.js';
import { maxOf } from '../../util/array.js';

export interface TpeOptions {
  /** Random draws before the model is used (hyperopt: 20, Optuna: 10). */
  readonly nStartup?: number;
  /** Fraction of runs counted as good. */
  readonly gamma?: number;
  /** Candidates drawn from l(x) per suggestion (hyperopt and Optuna: 24). */
  readonly nCandidates?: number;
  /** Weight of the prior component in every estimator. */
  readonly priorWeight?: number;
}

export function createTpeSampler(options: TpeOptions = {}): Sampler {
  const nStartup = options.nStartup ?? 10;
  const gamma = options.gamma ?? 0.25;
  const nCandidates = options.nCandidates ?? 24;
  const priorWeight = options.priorWeight ?? 1;

  return {
    name: 'bayes',
    next(space, history, rng) {
      const names = space.params.map((s) => s.name);
      const taken = new Set(history.trials.map((t) => paramsKey(t.params, names)));
      const sign = history.goal === 'maximize' ? -1 : 1;
      const observed = history.trials
        .filter((t) => t.state === 'finished' && typeof t.value === 'number' && Number.isFinite(t.value))
        .map((t) => ({ params: t.params, loss: sign * (t.value as number) }));
      if (observed.length < nStartup) return freshRandom(space, rng, taken, names);

      // 2. constant liar, then the γ split (stable: ties keep history order)
      const worst = maxOf(observed.map((o) => o.loss));
      const lies = history.trials.filter(isInFlight).map((t) => ({ params: t.params, loss: worst }));
      const all = [...observed, ...lies].map((o, i) => ({ ...o, i })).sort((a, b) => a.loss - b.loss || a.i - b.i);
      const nGood = Math.max(1, Math.ceil(gamma * all.length));
      const good = all.slice(0, nGood).map((o) => o.params);
      const bad = all.slice(nGood).map((o) => o.params);

      // 3–4. per-parameter candidates scored by log l(x) − log g(x)
      const searched = space.params.filter((s) => s.distribution !== 'constant');
      const cands: { values: ParamValue[]; scores: number[] }[] = [];
      const models = searched.map((spec) => ({ l: fitEstimator(spec, good, priorWeight), g: fitEstimator(spec, bad, priorWeight) }));
      for (let c = 0; c < nCandidates; c++) {
        const values: ParamValue[] = [];
        const scores: number[] = [];
        searched.forEach((spec, j) => {
          const x = models[j].l.sample(rng);
          values.push(models[j].l.value(x));
          scores.push(models[j].l.logPdf(x) - models[j].g.logPdf(x));
        });
        cands.push({ values, scores });
      }
      const assemble = (values: ParamValue[]): Params => {
        const out: Record<string, ParamValue> = {};
        for (const spec of space.params) {
          out[spec.name] = spec.distribution === 'constant' ? constantValue(spec) : values[searched.indexOf(spec)];
        }
        return out;
      };
      // Independent estimators: the best value of each parameter on its own (as hyperopt does).
      const best = assemble(searched.map((_, j) => cands.reduce((b, c) => (c.scores[j] > b.scores[j] ? c : b)).values[j]));
      if (!taken.has(paramsKey(best, names))) return best;
      // A finite space can make the best point a repeat; then the next best whole candidate.
      const ranked = cands.map((c) => ({ c, s: c.scores.reduce((a, b) => a + b, 0) })).sort((a, b) => b.s - a.s);
      for (const { c } of ranked) {
        const p = assemble(c.values);
        if (!taken.has(paramsKey(p, names))) return p;
      }
      return freshRandom(space, rng, taken, names);
    },
  };
}

function isInFlight(t: Trial): boolean {
  return t.state === 'running' || t.state === 'pending';
}

/** A prior draw that is not already taken, if a few tries find one (finite spaces may be exhausted). */
function freshRandom(space: SearchSpace, rng: Rng, taken: Set<string>, names: string[]): Params {
  let p = sampleParams(space, rng);
  for (let i = 0; i < 20 && taken.has(paramsKey(p, names)); i++) p = sampleParams(space, rng);
  return p;
}

interface Estimator {
  /** A draw in the internal space (a category index for categorical). */
  sample(rng: Rng): number;
  logPdf(x: number): number;
  value(x: number): ParamValue;
}

function fitEstimator(spec: ParamSpec, trials: readonly Params[], priorWeight: number): Estimator {
  if (spec.distribution === 'categorical') return categoricalEstimator(spec, trials, priorWeight);
  if (!isNumeric(spec)) throw new Error(`tpe: cannot model ${spec.distribution}`);
  const dom = internalDomain(spec);
  const xs = trials
    .map((p) => p[spec.name])
    .filter((v): v is number => typeof v === 'number')
    .map((v) => toInternal(spec, v));
  const { mus, sigmas, weights } = adaptiveParzen(xs, dom.mu, dom.sigma, priorWeight);
  const bounded = dom.kind === 'bounded';
  const mass = mus.map((m, i) => (bounded ? normalCdf((dom.hi - m) / sigmas[i]) - normalCdf((dom.lo - m) / sigmas[i]) : 1));
  return {
    sample(rng) {
      const i = pickWeighted(weights, rng);
      for (let tries = 0; tries < 100; tries++) {
        const x = mus[i] + sigmas[i] * rng.normal();
        if (!bounded || (x >= dom.lo && x <= dom.hi)) return x;
      }
      return dom.lo + (dom.hi - dom.lo) * rng.next();
    },
    logPdf(x) {
      let p = 0;
      for (let i = 0; i < mus.length; i++) {
        const z = (x - mus[i]) / sigmas[i];
        p += (weights[i] * Math.exp(-0.5 * z * z)) / (sigmas[i] * Math.sqrt(2 * Math.PI) * Math.max(mass[i], 1e-300));
      }
      return Math.log(Math.max(p, 1e-300));
    },
    value: (x) => fromInternal(spec, x),
  };
}

/**
 * hyperopt's adaptive Parzen estimator: the prior (mu, sigma) joins the observations; each component's
 * bandwidth is the larger gap to its sorted neighbours, clipped to [sigma / min(100, n + 1), sigma].
 */
export function adaptiveParzen(xs: readonly number[], priorMu: number, priorSigma: number, priorWeight: number) {
  const points = [...xs.map((x) => ({ x, prior: false })), { x: priorMu, prior: true }].sort((a, b) => a.x - b.x);
  const n = points.length;
  const minSigma = priorSigma / Math.min(100, n);
  const sigmas = points.map((p, i) => {
    if (p.prior) return priorSigma;
    const left = i > 0 ? p.x - points[i - 1].x : 0;
    const right = i < n - 1 ? points[i + 1].x - p.x : 0;
    return Math.min(priorSigma, Math.max(minSigma, left, right));
  });
  const raw = points.map((p) => (p.prior ? priorWeight : 1));
  const total = raw.reduce((a, b) => a + b, 0);
  return { mus: points.map((p) => p.x), sigmas, weights: raw.map((w) => w / total) };
}

function categoricalEstimator(spec: ParamSpec, trials: readonly Params[], priorWeight: number): Estimator {
  const values = spec.values!;
  const keys = values.map((v) => JSON.stringify(v));
  const prior = spec.probabilities ?? values.map(() => 1 / values.length);
  const counts = prior.map((p) => priorWeight * p);
  for (const t of trials) {
    const i = keys.indexOf(JSON.stringify(t[spec.name] ?? null));
    if (i >= 0) counts[i] += 1;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const weights = counts.map((c) => c / total);
  return {
    sample: (rng) => pickWeighted(weights, rng),
    logPdf: (i) => Math.log(Math.max(weights[i], 1e-300)),
    value: (i) => values[i],
  };
}

function pickWeighted(weights: readonly number[], rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
