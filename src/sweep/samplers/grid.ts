import type { Params, ParamValue } from '../../domain/run.js';
import { UsageError } from '../../errors.js';
import { discreteCount, discreteValues, paramsKey, type SearchSpace } from '../space.js';
import type { Sampler } from './sampler.js';

/**
 * Every combination of the space, in a fixed order (the last parameter varies fastest).
 * Deterministic, so every agent and every restart enumerates the same points.
 */
export function gridPoints(space: SearchSpace): Params[] {
  assertGridSize(space);
  let points: Record<string, ParamValue>[] = [{}];
  for (const spec of space.params) {
    const values = discreteValues(spec);
    if (!values) throw new Error(`grid: parameter ${spec.name} is continuous (${spec.distribution})`);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [spec.name]: v })));
  }
  return points;
}

/** Number of grid points, counted without expanding any of them; Infinity for a continuous space. */
export function gridSize(space: SearchSpace): number {
  return space.params.reduce((n, s) => n * (discreteCount(s) ?? Infinity), 1);
}

/**
 * Grids larger than this are refused before anything is expanded or written: each point becomes a
 * stored run, and 10⁹ of them (nine parameters sharing a YAML anchor) exhaust memory first.
 */
export const MAX_GRID_POINTS = 100_000;

/** The refusal message, shared by the config check (with file:line) and gridPoints. */
export function gridTooLarge(size: number, limit = MAX_GRID_POINTS): string {
  return `grid has ${size.toLocaleString('en-US')} points (limit ${limit.toLocaleString('en-US')}); narrow the value lists or ranges, or use method: random`;
}

export function assertGridSize(space: SearchSpace, limit = MAX_GRID_POINTS): void {
  const size = gridSize(space);
  if (size > limit) throw new UsageError(gridTooLarge(size, limit));
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
