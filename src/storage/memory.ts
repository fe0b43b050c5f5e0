/**
 * MemoryStore: the Store contract held in process memory. For tests and throwaway sweeps; every
 * method runs synchronously inside its promise, so each is atomic within the one process.
 */
import { StorageError } from '../errors.js';
import { TERMINAL_STATES, type EpochLog, type RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import {
  checkEpochLog,
  checkFinish,
  checkNewRun,
  checkNewSweep,
  checkSweepState,
  cleanSummary,
  compact,
  duplicateSweep,
  emptyCounts,
  isoTime,
  newId,
  noRun,
  noSweep,
  wallTime,
} from './common.js';
import {
  RunClosedError,
  type AddRunsOptions,
  type NewRun,
  type NewSweep,
  type RunCounts,
  type RunFilter,
  type RunResultUpdate,
  type StaleRunOptions,
  type Store,
  type StoreOptions,
} from './store.js';

type MutableRun = { -readonly [K in keyof RunRecord]: RunRecord[K] } & { history: EpochLog[] };

export class MemoryStore implements Store {
  readonly url = 'memory:';
  private readonly logs = new Map<string, string>();
  private readonly sweeps: Sweep[] = [];
  private readonly runs: MutableRun[] = [];
  private readonly now: () => number;
  private closed = false;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async createSweep(input: NewSweep): Promise<Sweep> {
    this.open();
    checkNewSweep(input);
    if (this.sweeps.some((s) => s.name === input.name)) throw duplicateSweep(input.name);
    const sweep: Sweep = compact({
      id: newId(),
      name: input.name,
      method: input.method,
      metric: { ...input.metric },
      config: structuredClone(input.config),
      seed: input.seed,
      state: 'running' as const,
      createdAt: isoTime(this.now()),
    });
    this.sweeps.push(sweep);
    return structuredClone(sweep);
  }

  async getSweep(idOrName: string): Promise<Sweep | undefined> {
    this.open();
    const s = this.findSweep(idOrName);
    return s && structuredClone(s);
  }

  async listSweeps(): Promise<Sweep[]> {
    this.open();
    return structuredClone(this.sweeps);
  }

  async setSweepState(idOrName: string, state: Sweep['state']): Promise<void> {
    this.open();
    checkSweepState(state);
    const i = this.sweeps.findIndex((s) => s.id === idOrName || s.name === idOrName);
    if (i < 0) throw noSweep(idOrName);
    this.sweeps[i] = { ...this.sweeps[i], state };
  }

  async importSweep(input: NewSweep, runs: readonly NewRun[]): Promise<{ sweep: Sweep; added: RunRecord[] }> {
    this.open();
    // Every check before the first change, so a refused import changes nothing.
    checkNewSweep(input);
    runs.forEach(checkNewRun);
    // The memory engine's "transaction": undo the appends if anything fails midway.
    const sweepCount = this.sweeps.length;
    const runCount = this.runs.length;
    try {
      if (!this.findSweep(input.name)) await this.createSweep(input);
      const added = await this.addRuns(input.name, runs);
      await this.setSweepState(input.name, 'finished');
      return { sweep: structuredClone(this.findSweep(input.name)!), added };
    } catch (err) {
      this.sweeps.length = sweepCount;
      this.runs.length = runCount;
      throw err;
    }
  }

  async addRun(sweep: string, run: NewRun): Promise<RunRecord> {
    this.open();
    checkNewRun(run);
    const s = this.sweepOrThrow(sweep);
    const existing = this.duplicateOf(s.name, run);
    if (existing) return snapshot(existing, true);
    return snapshot(this.insert(s.name, run), true);
  }

  async addRuns(sweep: string, runs: readonly NewRun[], options: AddRunsOptions = {}): Promise<RunRecord[]> {
    this.open();
    const s = this.sweepOrThrow(sweep);
    runs.forEach(checkNewRun);
    let firsts = this.runs.filter((r) => r.sweep === s.name && r.attempt === 1).length;
    const added: MutableRun[] = [];
    for (const run of runs) {
      if (this.duplicateOf(s.name, run)) continue;
      const first = (run.attempt ?? 1) === 1;
      if (first && options.cap !== undefined && firsts >= options.cap) continue;
      added.push(this.insert(s.name, run));
      if (first) firsts++;
    }
    return added.map((r) => snapshot(r, false));
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    this.open();
    const r = this.runs.find((x) => x.id === id);
    return r && snapshot(r, true);
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    this.open();
    return this.filtered(filter).map((r) => snapshot(r, filter.withHistory ?? false));
  }

  async countRuns(filter: Omit<RunFilter, 'withHistory'> = {}): Promise<RunCounts> {
    this.open();
    const counts = emptyCounts();
    for (const r of this.filtered(filter)) counts[r.state]++;
    return counts;
  }

  async claimRun(sweep: string, worker: string): Promise<RunRecord | undefined> {
    this.open();
    const s = this.sweepOrThrow(sweep);
    const r = this.runs.find((x) => x.sweep === s.name && x.state === 'pending');
    if (!r) return undefined;
    const now = isoTime(this.now());
    Object.assign(r, { state: 'running', worker, startedAt: now, heartbeatAt: now });
    return snapshot(r, true);
  }

  async heartbeat(runId: string): Promise<void> {
    this.open();
    const r = this.runOrThrow(runId);
    if (r.state !== 'running') throw new RunClosedError(runId, r.state, 'heartbeat');
    r.heartbeatAt = isoTime(this.now());
  }

  async appendHistory(runId: string, log: EpochLog): Promise<void> {
    this.open();
    checkEpochLog(log);
    const r = this.runOrThrow(runId);
    if (TERMINAL_STATES.has(r.state)) throw new RunClosedError(runId, r.state, 'append history');
    r.history.push({ ...log });
  }

  async getRunLog(id: string): Promise<string | undefined> {
    this.open();
    this.runOrThrow(id);
    return this.logs.get(id);
  }

  async finishRun(runId: string, result: RunResultUpdate): Promise<RunRecord> {
    this.open();
    checkFinish(runId, result);
    const r = this.runOrThrow(runId);
    if (TERMINAL_STATES.has(r.state)) throw new RunClosedError(runId, r.state, `finish it as ${result.state}`);
    const now = this.now();
    Object.assign(
      r,
      compact({
        state: result.state,
        summary: result.summary ? { ...r.summary, ...cleanSummary(result.summary) } : r.summary,
        backend: result.backend ?? r.backend,
        device: result.device ?? r.device,
        error: result.error ?? r.error,
        finishedAt: isoTime(now),
        wallTimeS: result.wallTimeS ?? wallTime(r.startedAt, now),
      }),
    );
    if (result.log !== undefined) this.logs.set(runId, result.log);
    return snapshot(r, true);
  }

  async markStaleRunsCrashed(olderThanMs: number, options: StaleRunOptions = {}): Promise<RunRecord[]> {
    this.open();
    const sweepName = options.sweep === undefined ? undefined : this.sweepOrThrow(options.sweep).name;
    const now = this.now();
    const cutoff = isoTime(now - olderThanMs);
    const stale = this.runs.filter(
      (r) =>
        r.state === 'running' &&
        (sweepName === undefined || r.sweep === sweepName) &&
        (r.heartbeatAt ?? r.startedAt ?? r.createdAt ?? '') < cutoff,
    );
    for (const r of stale) {
      Object.assign(r, { state: 'crashed', finishedAt: isoTime(now), error: r.error ?? staleError(olderThanMs) });
      if (options.maxRetries !== undefined && (r.attempt ?? 1) <= options.maxRetries) {
        const retry: NewRun = compact({ params: r.params, name: r.name, key: r.key, attempt: (r.attempt ?? 1) + 1 });
        if (!this.duplicateOf(r.sweep, retry)) this.insert(r.sweep, retry);
      }
    }
    return stale.map((r) => snapshot(r, false));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private open(): void {
    if (this.closed) throw new StorageError('the memory store is closed');
  }

  private insert(sweep: string, run: NewRun): MutableRun {
    checkNewRun(run);
    const now = isoTime(this.now());
    const state = run.state ?? 'pending';
    const r: MutableRun = compact({
      id: newId(),
      sweep,
      name: run.name,
      state,
      params: { ...run.params },
      summary: cleanSummary(run.summary),
      history: (run.history ?? []).map((h) => ({ ...h })),
      backend: run.backend,
      device: run.device,
      createdAt: now,
      startedAt: run.startedAt ?? (state === 'pending' ? undefined : now),
      heartbeatAt: state === 'running' ? now : undefined,
      finishedAt: run.finishedAt ?? (TERMINAL_STATES.has(state) ? now : undefined),
      wallTimeS: run.wallTimeS,
      error: run.error,
      worker: run.worker,
      attempt: run.attempt ?? 1,
      key: run.key,
    });
    this.runs.push(r);
    return r;
  }

  private duplicateOf(sweep: string, run: NewRun): MutableRun | undefined {
    if (run.key === undefined) return undefined;
    const attempt = run.attempt ?? 1;
    return this.runs.find((r) => r.sweep === sweep && r.key === run.key && r.attempt === attempt);
  }

  private filtered(filter: Omit<RunFilter, 'withHistory'>): MutableRun[] {
    const sweepName = filter.sweep === undefined ? undefined : this.findSweep(filter.sweep)?.name;
    if (filter.sweep !== undefined && sweepName === undefined) return [];
    return this.runs.filter(
      (r) => (sweepName === undefined || r.sweep === sweepName) && (!filter.states || filter.states.includes(r.state)),
    );
  }

  private findSweep(idOrName: string): Sweep | undefined {
    return this.sweeps.find((s) => s.id === idOrName) ?? this.sweeps.find((s) => s.name === idOrName);
  }

  private sweepOrThrow(idOrName: string): Sweep {
    const s = this.findSweep(idOrName);
    if (!s) throw noSweep(idOrName);
    return s;
  }

  private runOrThrow(id: string): MutableRun {
    const r = this.runs.find((x) => x.id === id);
    if (!r) throw noRun(id);
    return r;
  }
}

export function staleError(olderThanMs: number): string {
  return `no heartbeat for more than ${Math.round(olderThanMs / 1000)} s: the worker died or hung`;
}

function snapshot(r: MutableRun, withHistory: boolean): RunRecord {
  const { history, ...rest } = r;
  const copy = structuredClone(rest) as RunRecord;
  return withHistory ? { ...copy, history: history.map((h) => ({ ...h })) } : copy;
}
