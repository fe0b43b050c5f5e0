/**
 * What every engine shares: ids, input validation and the rules of the state machine, so the
 * engines differ only in how they persist.
 */
import { randomBytes } from 'node:crypto';
import { StorageError } from '../errors.js';
import { RUN_STATES, TERMINAL_STATES, type EpochLog, type RunState } from '../domain/run.js';
import { SWEEP_STATES, type SweepState } from '../domain/sweep.js';
import type { NewRun, NewSweep, RunCounts, RunResultUpdate } from './store.js';

/** A short random id (W&B-like, 8 base-36 characters); ids are opaque, tests never depend on them. */
export function newId(): string {
  const bytes = randomBytes(8);
  let id = '';
  for (const b of bytes) id += '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36];
  return id;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function emptyCounts(): RunCounts {
  return Object.fromEntries(RUN_STATES.map((s) => [s, 0])) as RunCounts;
}

/** NaN and ±Infinity have no JSON form: they are stored as null ("not recorded"). */
export function cleanSummary(summary: Readonly<Record<string, number | null>> | undefined): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(summary ?? {})) out[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  return out;
}

export function checkNewSweep(sweep: NewSweep): void {
  if (typeof sweep.name !== 'string' || sweep.name.trim() === '') throw new StorageError('a sweep needs a non-empty name');
  if (sweep.seed !== undefined && !Number.isSafeInteger(sweep.seed))
    throw new StorageError(`sweep ${sweep.name}: seed must be an integer, got ${sweep.seed}`);
}

export function checkSweepState(state: SweepState): void {
  if (!(SWEEP_STATES as readonly string[]).includes(state))
    throw new StorageError(`unknown sweep state ${JSON.stringify(state)}; expected one of ${SWEEP_STATES.join(', ')}`);
}

export function checkRunState(state: RunState): void {
  if (!(RUN_STATES as readonly string[]).includes(state))
    throw new StorageError(`unknown run state ${JSON.stringify(state)}; expected one of ${RUN_STATES.join(', ')}`);
}

export function checkNewRun(run: NewRun): void {
  if (run.params === null || typeof run.params !== 'object' || Array.isArray(run.params))
    throw new StorageError('a run needs params as an object');
  if (run.state !== undefined) checkRunState(run.state);
  if (run.attempt !== undefined && !(Number.isSafeInteger(run.attempt) && run.attempt >= 1))
    throw new StorageError(`attempt must be an integer ≥ 1, got ${run.attempt}`);
  for (const log of run.history ?? []) checkEpochLog(log);
}

export function checkEpochLog(log: EpochLog): void {
  if (log === null || typeof log !== 'object' || typeof log.epoch !== 'number' || !Number.isFinite(log.epoch))
    throw new StorageError('an epoch log needs a finite numeric `epoch`');
}

export function checkFinish(runId: string, result: RunResultUpdate): void {
  checkRunState(result.state);
  if (!TERMINAL_STATES.has(result.state))
    throw new StorageError(`run ${runId}: finishRun needs a terminal state (${[...TERMINAL_STATES].join(', ')}), got ${result.state}`);
}

/** Wall time from start and end when the worker did not measure it. */
export function wallTime(startedAt: string | undefined, finishedAtMs: number): number | undefined {
  if (!startedAt) return undefined;
  const s = Date.parse(startedAt);
  return Number.isFinite(s) ? Math.max(0, (finishedAtMs - s) / 1000) : undefined;
}

export function noSweep(idOrName: string): StorageError {
  return new StorageError(`no sweep ${JSON.stringify(idOrName)} in the store; list sweeps with \`kdlab runs sweeps\``);
}

export function noRun(id: string): StorageError {
  return new StorageError(`no run ${JSON.stringify(id)} in the store`);
}

export function duplicateSweep(name: string): StorageError {
  return new StorageError(`a sweep named ${JSON.stringify(name)} already exists in the store; choose another name or resume it`);
}

/** Drops undefined fields so records compare equal across engines. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
