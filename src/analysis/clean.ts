/**
 * Stage 2, clean (pure): RunTable → groups of metric values.
 *
 * Per row, in this order: no group label → left out (counted); state not finished → counted per
 * state and left out (with `includeFailed`, failed/crashed/killed/running runs that have a metric are
 * kept); metric empty, non-numeric, NaN or infinite → dropped (counted per group). Duplicate run ids
 * are reported. Group labels stay the text as written.
 */
import type { RunState } from '../domain/run.js';
import { UsageError } from '../errors.js';
import { messages } from '../log/messages.js';
import { toNumber } from './detect.js';
import type { Cell, RunTable } from './table.js';
import { cellText } from './table.js';
import { unknownColumn } from './detect.js';
import { pushAll } from '../util/array.js';

export interface CleanOptions {
  readonly group: string;
  readonly metric: string;
  /** Derive the group from the group column: the first capture group of this pattern (or the match). */
  readonly groupPattern?: RegExp;
  readonly state?: string;
  readonly id?: string;
  readonly includeFailed?: boolean;
}

export interface CleanGroup {
  readonly name: string;
  /** Metric values of the runs used, in input order. */
  readonly values: Float64Array;
  /** Row indices of those runs in the table. */
  readonly rows: Int32Array;
  /** Finished (or kept) runs whose metric was empty, non-numeric, NaN or infinite. */
  readonly dropped: number;
  /** Runs left out for their state. */
  readonly failed: number;
  /** Rows with this label. */
  readonly total: number;
}

export interface CleanResult {
  /** Groups in first-seen order. */
  readonly groups: readonly CleanGroup[];
  /** Rows per normalised state (`finished`, `failed`, …; unknown states as written, lower-cased). */
  readonly byState: Readonly<Record<string, number>>;
  readonly duplicateIds: readonly string[];
  /** Rows with no group label (or not matching the pattern). */
  readonly ungrouped: number;
  readonly warnings: readonly string[];
}

const STATE_SYNONYMS: Readonly<Record<string, RunState>> = {
  finished: 'finished',
  complete: 'finished',
  completed: 'finished',
  success: 'finished',
  succeeded: 'finished',
  done: 'finished',
  ok: 'finished',
  failed: 'failed',
  fail: 'failed',
  error: 'failed',
  errored: 'failed',
  crashed: 'crashed',
  crash: 'crashed',
  killed: 'killed',
  stopped: 'killed',
  cancelled: 'killed',
  canceled: 'killed',
  aborted: 'killed',
  running: 'running',
  active: 'running',
  started: 'running',
  pending: 'pending',
  scheduled: 'pending',
  waiting: 'pending',
  queued: 'pending',
  preempted: 'pending',
  pruned: 'pruned',
  early_stopped: 'pruned',
  'early-stopped': 'pruned',
};

/** States of W&B, MLflow, Optuna and kdlab mapped onto RunState; undefined when unknown. */
export function normalizeState(text: string): RunState | undefined {
  return STATE_SYNONYMS[text.trim().toLowerCase()];
}

/** Unfinished states whose runs `--include-failed` keeps when they have a metric. */
const KEPT_WITH_INCLUDE_FAILED: ReadonlySet<string> = new Set(['failed', 'crashed', 'killed', 'running']);

export function cleanRuns(table: RunTable, opts: CleanOptions): CleanResult {
  const col = (name: string | undefined, flag: string): readonly Cell[] | undefined => {
    if (name === undefined) return undefined;
    const i = table.columns.indexOf(name);
    if (i < 0) throw unknownColumn(flag, name, table);
    return table.data[i];
  };
  const groupCol = col(opts.group, '--group')!;
  const metricCol = col(opts.metric, '--metric')!;
  const stateCol = col(opts.state, '--state');
  const idCol = col(opts.id, '--id');

  interface Acc {
    name: string;
    values: number[];
    rows: number[];
    dropped: number;
    failed: number;
    total: number;
  }
  const groups = new Map<string, Acc>();
  const byState: Record<string, number> = {};
  const unknown = new Set<string>();
  let ungrouped = 0;
  let unmatched = 0;
  const labelCache = new Map<string, string | null>();
  const stateCache = new Map<string, string>();

  for (let r = 0; r < table.rowCount; r++) {
    let label = cellText(groupCol[r]);
    if (label !== null && opts.groupPattern) {
      let derived = labelCache.get(label);
      if (derived === undefined) {
        const m = opts.groupPattern.exec(label);
        derived = m ? (m[1] ?? m[0]) : null;
        labelCache.set(label, derived);
      }
      if (derived === null) unmatched++;
      label = derived;
    }
    if (label === null || label === '') {
      ungrouped++;
      continue;
    }
    let g = groups.get(label);
    if (!g) groups.set(label, (g = { name: label, values: [], rows: [], dropped: 0, failed: 0, total: 0 }));
    g.total++;

    let state: string = 'finished';
    if (stateCol) {
      const raw = cellText(stateCol[r]);
      // A few distinct state texts repeat over every row: normalise each once.
      let cached = raw === null ? 'unknown' : stateCache.get(raw);
      if (cached === undefined) {
        const norm = normalizeState(raw!);
        cached = norm ?? raw!.trim().toLowerCase();
        if (norm === undefined) unknown.add(raw!);
        stateCache.set(raw!, cached);
      }
      state = cached;
    }
    byState[state] = (byState[state] ?? 0) + 1;
    const v = toNumber(metricCol[r]);
    const hasMetric = Number.isFinite(v);
    if (state !== 'finished' && !(opts.includeFailed && hasMetric && KEPT_WITH_INCLUDE_FAILED.has(state))) {
      g.failed++;
      continue;
    }
    if (!hasMetric) {
      g.dropped++;
      continue;
    }
    g.values.push(v);
    g.rows.push(r);
  }

  const duplicateIds: string[] = [];
  if (idCol) pushAll(duplicateIds, repeatedTexts(idCol, table.rowCount));

  const warnings: string[] = [];
  if (unmatched > 0 && opts.groupPattern) warnings.push(messages.rowsNotMatchingPattern(unmatched, opts.group, String(opts.groupPattern)));
  if (ungrouped - unmatched > 0) warnings.push(messages.rowsWithoutGroup(ungrouped - unmatched, opts.group));
  if (unknown.size > 0) warnings.push(messages.unknownStates([...unknown]));
  if (duplicateIds.length > 0 && opts.id) warnings.push(messages.duplicateIds(opts.id, duplicateIds));

  return {
    groups: [...groups.values()].map((g) => ({
      name: g.name,
      values: Float64Array.from(g.values),
      rows: Int32Array.from(g.rows),
      dropped: g.dropped,
      failed: g.failed,
      total: g.total,
    })),
    byState,
    duplicateIds,
    ungrouped,
    warnings,
  };
}

/**
 * Texts that occur more than once in a column, in the order of their second occurrence. An open-addressing
 * table of row numbers keyed by an FNV-1a hash of the text: at a million ids it is several times faster
 * than a Set of strings and holds one Int32Array instead of a million set entries.
 */
export function repeatedTexts(col: readonly Cell[], rowCount: number): Set<string> {
  let cap = 1024;
  while (cap < rowCount * 2) cap *= 2;
  const mask = cap - 1;
  const slots = new Int32Array(cap).fill(-1);
  const dup = new Set<string>();
  for (let r = 0; r < rowCount; r++) {
    const id = cellText(col[r]);
    if (id === null) continue;
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const other = slots[j];
      if (other < 0) {
        slots[j] = r;
        break;
      }
      if (cellText(col[other]) === id) {
        dup.add(id);
        break;
      }
    }
  }
  return dup;
}

/** Parses `--group-pattern`: a JavaScript regular expression, `/re/flags` or a bare pattern. */
export function parseGroupPattern(text: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  try {
    return m ? new RegExp(m[1], m[2]) : new RegExp(text);
  } catch (err) {
    throw new UsageError(`--group-pattern: ${(err as Error).message}; give a regular expression such as '^([^-]+)-'.`, { cause: err });
  }
}
