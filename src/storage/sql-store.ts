/**
 * SqlStore: the Store contract written once in SQL that both SQLite and PostgreSQL run, so the two
 * engines cannot drift apart. An engine supplies `transaction()` and a few dialect fragments; every
 * public method is one transaction. Queries use `?` placeholders (PostgreSQL's engine numbers them).
 */
import { KdlabError, StorageError, UsageError } from '../errors.js';
import { TERMINAL_STATES, type EpochLog, type RunRecord, type RunState } from '../domain/run.js';
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
import { staleError } from './memory.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
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

export type Row = Record<string, unknown>;

export interface Tx {
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Dialect {
  readonly engine: 'sqlite' | 'postgres';
  /** Appended to a SELECT that picks a row to change: PostgreSQL row locks; SQLite already holds the write lock. */
  readonly forUpdate: string;
  /** Appended to the claim's pending-run SELECT so concurrent claimers pass each other by. */
  readonly skipLocked: string;
  /** The value of a new sweep's `seq` (PostgreSQL: its sequence; SQLite: under the write lock, max + 1). */
  readonly nextSweepSeq: string;
}

const RUN_SELECT = 'SELECT r.*, s.name AS sweep_name FROM runs r JOIN sweeps s ON s.id = r.sweep_id';

export abstract class SqlStore implements Store {
  abstract readonly url: string;
  protected readonly now: () => number;

  protected constructor(
    protected readonly dialect: Dialect,
    options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Runs `fn` in one transaction (`write`: take the write lock at the start). */
  protected abstract transaction<T>(fn: (tx: Tx) => Promise<T>, write: boolean): Promise<T>;
  abstract close(): Promise<void>;

  async createSweep(input: NewSweep): Promise<Sweep> {
    checkNewSweep(input);
    return this.tx(async (tx) => {
      if ((await tx.query('SELECT id FROM sweeps WHERE name = ?', [input.name])).length > 0) throw duplicateSweep(input.name);
      return toSweep(await this.insertSweep(tx, input));
    }, true).catch((err: unknown) => {
      // Two agents creating the same sweep at once: the loser hears the same as a later caller.
      if (isUniqueViolation(err)) throw duplicateSweep(input.name);
      throw err;
    });
  }

  async importSweep(input: NewSweep, runs: readonly NewRun[]): Promise<{ sweep: Sweep; added: RunRecord[] }> {
    checkNewSweep(input);
    runs.forEach(checkNewRun);
    return this.tx(async (tx) => {
      const row = (await findSweep(tx, input.name)) ?? (await this.insertSweep(tx, input));
      const added = await this.insertRuns(tx, row, runs, undefined);
      const [done] = await tx.query("UPDATE sweeps SET state = 'finished' WHERE id = ? RETURNING *", [row.id]);
      return { sweep: toSweep(done), added };
    }, true).catch((err: unknown) => {
      if (isUniqueViolation(err)) throw duplicateSweep(input.name);
      throw err;
    });
  }

  private async insertSweep(tx: Tx, input: NewSweep): Promise<Row> {
    const rows = await tx.query(
      `INSERT INTO sweeps (id, name, method, metric_name, metric_goal, config, seed, state, created_at, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${this.dialect.nextSweepSeq}) RETURNING *`,
      [
        newId(),
        input.name,
        input.method,
        input.metric.name,
        input.metric.goal,
        JSON.stringify(input.config),
        input.seed ?? null,
        'running',
        isoTime(this.now()),
      ],
    );
    return rows[0];
  }

  async getSweep(idOrName: string): Promise<Sweep | undefined> {
    return this.tx(async (tx) => {
      const row = await findSweep(tx, idOrName);
      return row && toSweep(row);
    }, false);
  }

  async listSweeps(): Promise<Sweep[]> {
    return this.tx(async (tx) => (await tx.query('SELECT * FROM sweeps ORDER BY seq')).map(toSweep), false);
  }

  async setSweepState(idOrName: string, state: Sweep['state']): Promise<void> {
    checkSweepState(state);
    await this.tx(async (tx) => {
      const row = await findSweep(tx, idOrName);
      if (!row) throw noSweep(idOrName);
      await tx.query('UPDATE sweeps SET state = ? WHERE id = ?', [state, row.id]);
    }, true);
  }

  async addRun(sweep: string, run: NewRun): Promise<RunRecord> {
    checkNewRun(run);
    return this.tx(async (tx) => {
      const s = await sweepOrThrow(tx, sweep);
      const [added] = await this.insertRuns(tx, s, [run], undefined);
      if (added) return { ...added, history: run.history?.map((h) => ({ ...h })) ?? [] };
      const rows = await tx.query(`${RUN_SELECT} WHERE r.sweep_id = ? AND r.key = ? AND r.attempt = ?`, [s.id, run.key, run.attempt ?? 1]);
      return this.withHistory(tx, toRun(rows[0]));
    }, true);
  }

  async addRuns(sweep: string, runs: readonly NewRun[], options: AddRunsOptions = {}): Promise<RunRecord[]> {
    runs.forEach(checkNewRun);
    return this.tx(async (tx) => this.insertRuns(tx, await sweepOrThrow(tx, sweep), runs, options.cap), true);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return this.tx(async (tx) => {
      const rows = await tx.query(`${RUN_SELECT} WHERE r.id = ?`, [id]);
      return rows[0] && this.withHistory(tx, toRun(rows[0]));
    }, false);
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    return this.tx(async (tx) => {
      const where = await runWhere(tx, filter);
      if (!where) return [];
      const runs = (await tx.query(`${RUN_SELECT}${where.sql} ORDER BY r.seq`, where.params)).map(toRun);
      if (!filter.withHistory) return runs;
      const logs = new Map<string, EpochLog[]>(runs.map((r) => [r.id, []]));
      const rows = await tx.query(
        `SELECT h.run_id, h.log FROM run_history h JOIN runs r ON r.id = h.run_id${where.sql} ORDER BY h.seq`,
        where.params,
      );
      for (const row of rows) logs.get(String(row.run_id))?.push(json(row.log) as EpochLog);
      return runs.map((r) => ({ ...r, history: logs.get(r.id) ?? [] }));
    }, false);
  }

  async countRuns(filter: Omit<RunFilter, 'withHistory'> = {}): Promise<RunCounts> {
    return this.tx(async (tx) => {
      const counts = emptyCounts();
      const where = await runWhere(tx, filter);
      if (!where) return counts;
      const rows = await tx.query(`SELECT r.state, COUNT(*) AS n FROM runs r${where.sql} GROUP BY r.state`, where.params);
      for (const row of rows) counts[row.state as RunState] = Number(row.n);
      return counts;
    }, false);
  }

  async claimRun(sweep: string, worker: string): Promise<RunRecord | undefined> {
    return this.tx(async (tx) => {
      const s = await sweepOrThrow(tx, sweep);
      const now = isoTime(this.now());
      const rows = await tx.query(
        `UPDATE runs SET state = 'running', worker = ?, started_at = ?, heartbeat_at = ?
         WHERE seq = (SELECT seq FROM runs WHERE sweep_id = ? AND state = 'pending' ORDER BY seq LIMIT 1${this.dialect.skipLocked})
         RETURNING *`,
        [worker, now, now, s.id],
      );
      return rows[0] && this.withHistory(tx, toRun({ ...rows[0], sweep_name: s.name }));
    }, true);
  }

  async heartbeat(runId: string): Promise<void> {
    await this.tx(async (tx) => {
      const state = await this.lockRunState(tx, runId);
      if (state !== 'running') throw new RunClosedError(runId, state, 'heartbeat');
      await tx.query('UPDATE runs SET heartbeat_at = ? WHERE id = ?', [isoTime(this.now()), runId]);
    }, true);
  }

  async appendHistory(runId: string, log: EpochLog): Promise<void> {
    checkEpochLog(log);
    await this.tx(async (tx) => {
      const state = await this.lockRunState(tx, runId);
      if (TERMINAL_STATES.has(state)) throw new RunClosedError(runId, state, 'append history');
      await tx.query('INSERT INTO run_history (run_id, log) VALUES (?, ?)', [runId, JSON.stringify(log)]);
    }, true);
  }

  async getRunLog(id: string): Promise<string | undefined> {
    return this.tx(async (tx) => {
      const rows = await tx.query('SELECT log FROM runs WHERE id = ?', [id]);
      if (!rows[0]) throw noRun(id);
      return opt(rows[0].log);
    }, false);
  }

  async finishRun(runId: string, result: RunResultUpdate): Promise<RunRecord> {
    checkFinish(runId, result);
    return this.tx(async (tx) => {
      const rows = await tx.query(`SELECT * FROM runs WHERE id = ?${this.dialect.forUpdate}`, [runId]);
      if (!rows[0]) throw noRun(runId);
      const old = toRun({ ...rows[0], sweep_name: '' });
      if (TERMINAL_STATES.has(old.state)) throw new RunClosedError(runId, old.state, `finish it as ${result.state}`);
      const now = this.now();
      const summary = result.summary ? { ...old.summary, ...cleanSummary(result.summary) } : old.summary;
      await tx.query(
        `UPDATE runs SET state = ?, summary = ?, backend = ?, device = ?, error = ?, finished_at = ?, wall_time_s = ?, log = COALESCE(?, log) WHERE id = ?`,
        [
          result.state,
          JSON.stringify(summary),
          result.backend ?? old.backend ?? null,
          result.device ?? old.device ?? null,
          result.error ?? old.error ?? null,
          isoTime(now),
          result.wallTimeS ?? wallTime(old.startedAt, now) ?? null,
          result.log ?? null,
          runId,
        ],
      );
      const updated = await tx.query(`${RUN_SELECT} WHERE r.id = ?`, [runId]);
      return this.withHistory(tx, toRun(updated[0]));
    }, true);
  }

  async markStaleRunsCrashed(olderThanMs: number, options: StaleRunOptions = {}): Promise<RunRecord[]> {
    return this.tx(async (tx) => {
      const s = options.sweep === undefined ? undefined : await sweepOrThrow(tx, options.sweep);
      const now = this.now();
      const rows = await tx.query(
        `UPDATE runs SET state = 'crashed', finished_at = ?, error = COALESCE(error, ?)
         WHERE state = 'running' AND COALESCE(heartbeat_at, started_at, created_at) < ?${s ? ' AND sweep_id = ?' : ''}
         RETURNING *`,
        [isoTime(now), staleError(olderThanMs), isoTime(now - olderThanMs), ...(s ? [s.id] : [])],
      );
      rows.sort((a, b) => Number(a.seq) - Number(b.seq));
      const names = new Map((await tx.query('SELECT id, name FROM sweeps')).map((r) => [String(r.id), String(r.name)]));
      const crashed = rows.map((r) => toRun({ ...r, sweep_name: names.get(String(r.sweep_id)) }));
      if (options.maxRetries !== undefined) {
        for (const [i, run] of crashed.entries()) {
          if ((run.attempt ?? 1) > options.maxRetries) continue;
          const retry: NewRun = compact({ params: run.params, name: run.name, key: run.key, attempt: (run.attempt ?? 1) + 1 });
          await this.insertRuns(tx, { id: String(rows[i].sweep_id), name: run.sweep }, [retry], undefined);
        }
      }
      return crashed;
    }, true);
  }

  /** Inserts runs, skipping duplicates (sweep, key, attempt) and first attempts beyond `cap`. */
  private async insertRuns(tx: Tx, sweep: Row, runs: readonly NewRun[], cap: number | undefined): Promise<RunRecord[]> {
    let firsts = 0;
    if (cap !== undefined) {
      // Serialise capped inserts per sweep so concurrent agents never overshoot the cap.
      await tx.query(`SELECT id FROM sweeps WHERE id = ?${this.dialect.forUpdate}`, [sweep.id]);
      firsts = Number((await tx.query('SELECT COUNT(*) AS n FROM runs WHERE sweep_id = ? AND attempt = 1', [sweep.id]))[0].n);
    }
    const added: RunRecord[] = [];
    const now = this.now();
    for (const run of runs) {
      const attempt = run.attempt ?? 1;
      if (attempt === 1 && cap !== undefined && firsts >= cap) continue;
      const state = run.state ?? 'pending';
      // A finished run imported with its history is inserted pending, given its history, then
      // closed: the immutability trigger forbids history on a run that is already finished.
      const history = run.history ?? [];
      const insertState = history.length > 0 && TERMINAL_STATES.has(state) ? 'pending' : state;
      let rows = await tx.query(
        `INSERT INTO runs (id, sweep_id, name, key, attempt, state, params, summary, backend, device, worker,
           created_at, started_at, heartbeat_at, finished_at, wall_time_s, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sweep_id, key, attempt) DO NOTHING RETURNING *`,
        [
          newId(),
          sweep.id,
          run.name ?? null,
          run.key ?? null,
          attempt,
          insertState,
          JSON.stringify(run.params),
          JSON.stringify(cleanSummary(run.summary)),
          run.backend ?? null,
          run.device ?? null,
          run.worker ?? null,
          isoTime(now),
          run.startedAt ?? (state === 'pending' ? null : isoTime(now)),
          state === 'running' ? isoTime(now) : null,
          run.finishedAt ?? (TERMINAL_STATES.has(state) ? isoTime(now) : null),
          run.wallTimeS ?? null,
          run.error ?? null,
        ],
      );
      if (!rows[0]) continue;
      if (attempt === 1) firsts++;
      const id = String(rows[0].id);
      for (const log of history) await tx.query('INSERT INTO run_history (run_id, log) VALUES (?, ?)', [id, JSON.stringify(log)]);
      if (insertState !== state) rows = await tx.query('UPDATE runs SET state = ? WHERE id = ? RETURNING *', [state, id]);
      added.push(toRun({ ...rows[0], sweep_name: sweep.name }));
    }
    return added;
  }

  private async lockRunState(tx: Tx, runId: string): Promise<RunState> {
    const rows = await tx.query(`SELECT state FROM runs WHERE id = ?${this.dialect.forUpdate}`, [runId]);
    if (!rows[0]) throw noRun(runId);
    return rows[0].state as RunState;
  }

  private async withHistory(tx: Tx, run: RunRecord): Promise<RunRecord> {
    const rows = await tx.query('SELECT log FROM run_history WHERE run_id = ? ORDER BY seq', [run.id]);
    return { ...run, history: rows.map((r) => json(r.log) as EpochLog) };
  }

  /** Every driver failure becomes one StorageError line naming the store. */
  private async tx<T>(fn: (tx: Tx) => Promise<T>, write: boolean): Promise<T> {
    try {
      return await this.transaction(fn, write);
    } catch (err) {
      if (err instanceof KdlabError) throw err;
      throw new StorageError(`${this.url}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}

/** Brings the schema up to date; `tx` must hold the engine's migration lock. */
/**
 * For a store opened read-only: checks, without writing, that this is a kdlab store whose schema
 * this kdlab reads (neither older, which would need a migration, nor newer).
 */
export async function checkSchema(tx: Tx, engine: Dialect['engine'], url: string): Promise<void> {
  const found =
    engine === 'sqlite'
      ? await tx.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
      : await tx.query("SELECT 1 AS t WHERE to_regclass('schema_version') IS NOT NULL");
  if (found.length === 0)
    throw new UsageError(
      `${url} is not a kdlab run store (it has no kdlab tables); give a store that a sweep or \`kdlab runs import\` wrote`,
    );
  const current = Number((await tx.query('SELECT MAX(version) AS v FROM schema_version'))[0]?.v ?? 0);
  if (current > SCHEMA_VERSION)
    throw new StorageError(`${url}: the store has schema version ${current}, newer than this kdlab's ${SCHEMA_VERSION}; upgrade kdlab`);
  if (current < SCHEMA_VERSION)
    throw new UsageError(
      `${url}: the store has schema version ${current}, older than this kdlab's ${SCHEMA_VERSION}; a command that records runs (sweep run, runs import) upgrades it`,
    );
}

export async function migrate(tx: Tx, engine: Dialect['engine'], url: string): Promise<void> {
  await tx.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = Number((await tx.query('SELECT MAX(version) AS v FROM schema_version'))[0]?.v ?? 0);
  if (current > SCHEMA_VERSION) {
    throw new StorageError(`${url}: the store has schema version ${current}, newer than this kdlab's ${SCHEMA_VERSION}; upgrade kdlab`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await tx.exec(m[engine]);
    await tx.query('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [
      m.version,
      m.name,
      new Date().toISOString(),
    ]);
  }
}

async function findSweep(tx: Tx, idOrName: string): Promise<Row | undefined> {
  const rows = await tx.query('SELECT * FROM sweeps WHERE id = ? OR name = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1', [
    idOrName,
    idOrName,
    idOrName,
  ]);
  return rows[0];
}

async function sweepOrThrow(tx: Tx, idOrName: string): Promise<Row> {
  const row = await findSweep(tx, idOrName);
  if (!row) throw noSweep(idOrName);
  return row;
}

/** The WHERE clause of a run filter; undefined when the named sweep does not exist (no runs). */
async function runWhere(tx: Tx, filter: Omit<RunFilter, 'withHistory'>): Promise<{ sql: string; params: unknown[] } | undefined> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.sweep !== undefined) {
    const s = await findSweep(tx, filter.sweep);
    if (!s) return undefined;
    clauses.push('r.sweep_id = ?');
    params.push(s.id);
  }
  if (filter.states) {
    if (filter.states.length === 0) return undefined;
    clauses.push(`r.state IN (${filter.states.map(() => '?').join(', ')})`);
    params.push(...filter.states);
  }
  return { sql: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

function isUniqueViolation(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } })?.cause;
  return cause?.code === '23505' || cause?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

function iso(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return v instanceof Date ? v.toISOString() : text(v);
}

function opt(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : text(v);
}

/** A scalar column as text: both engines return TEXT as strings; a numeric value is spelled out. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  throw new StorageError(`the store returned a ${typeof v} where text was expected; is its schema intact?`);
}

function toSweep(row: Row): Sweep {
  return compact({
    id: String(row.id),
    name: String(row.name),
    method: row.method as Sweep['method'],
    metric: { name: String(row.metric_name), goal: row.metric_goal as Sweep['metric']['goal'] },
    config: json(row.config) as Record<string, unknown>,
    seed: row.seed === null || row.seed === undefined ? undefined : Number(row.seed),
    state: row.state as Sweep['state'],
    createdAt: iso(row.created_at) as string,
  });
}

function toRun(row: Row): RunRecord {
  return compact({
    id: String(row.id),
    sweep: String(row.sweep_name),
    name: opt(row.name),
    state: row.state as RunState,
    params: json(row.params) as RunRecord['params'],
    summary: json(row.summary) as RunRecord['summary'],
    backend: opt(row.backend),
    device: opt(row.device),
    createdAt: iso(row.created_at),
    startedAt: iso(row.started_at),
    heartbeatAt: iso(row.heartbeat_at),
    finishedAt: iso(row.finished_at),
    wallTimeS: row.wall_time_s === null || row.wall_time_s === undefined ? undefined : Number(row.wall_time_s),
    error: opt(row.error),
    worker: opt(row.worker),
    attempt: Number(row.attempt),
    key: opt(row.key),
  });
}
