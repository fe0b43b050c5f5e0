import type { Params, ParamValue } from '../../domain/run.js';
import { discreteValues, paramsKey, type SearchSpace } from '../space.js';
import type { Sampler } from './sampler.js';

/**
 * Every combination of the space, in a fixed order (the last parameter varies fastest).
 * Deterministic, so every agent and every restart enumerates the same points.
 */
export function gridPoints(space: SearchSpace): Params[] {
  let points: Record<string, ParamValue>[] = [{}];
  for (const spec of space.params) {
    const values = discreteValues(spec);
    if (!values) throw new Error(`grid: parameter ${spec.name} is continuous (${spec.distribution})`);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [spec.name]: v })));
  }
  return points;
}

export function gridSize(space: SearchSpace): number {
  return space.params.reduce((n, s) => n * (discreteValues(s)?.length ?? Infinity), 1);
}

/** The first grid point no run has taken yet (in any state), or 'done'. */
export const gridSampler: Sampler = {
  name: 'grid',
  next(space, history) {
    const names = space.params.map((s) => s.name);
    const taken = new Set(history.trials.map((t) => paramsKey(t.params, names)));
    return gridPoints(space).find((p) => !taken.has(paramsKey(p, names))) ?? 'done';
  },
};
