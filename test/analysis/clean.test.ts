import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanRuns, normalizeState, parseGroupPattern, repeatedTexts } from '../../src/analysis/clean.js';
import { tableFromRows } from '../../src/analysis/table.js';
import { messages } from '../../src/log/messages.js';
import { UsageError } from '../../src/errors.js';

const runs = tableFromRows([
  { id: 'r1', Sweep: 'A', State: 'finished', acc: '0.9' },
  { id: 'r2', Sweep: 'A', State: 'crashed', acc: '0.5' },
  { id: 'r3', Sweep: 'A', State: 'finished', acc: '' },
  { id: 'r4', Sweep: 'B', State: 'finished', acc: 'NaN' },
  { id: 'r5', Sweep: 'B', State: 'FINISHED', acc: 0.7 },
  { id: 'r5', Sweep: 'B', State: 'running', acc: null },
  { id: 'r7', Sweep: null, State: 'finished', acc: '0.1' },
  { id: 'r8', Sweep: 'B', State: 'finished', acc: 'n/a' },
]);

describe('cleanRuns', () => {
  const c = cleanRuns(runs, { group: 'Sweep', metric: 'acc', state: 'State', id: 'id' });
  it('keeps finished runs with a numeric metric, in first-seen group order', () => {
    expect(c.groups.map((g) => g.name)).toEqual(['A', 'B']);
    expect(Array.from(c.groups[0].values)).toEqual([0.9]);
    expect(Array.from(c.groups[1].values)).toEqual([0.7]);
    expect(Array.from(c.groups[1].rows)).toEqual([4]);
  });
  it('counts dropped (bad metric) and failed (state) runs per group', () => {
    expect(c.groups[0]).toMatchObject({ dropped: 1, failed: 1, total: 3 });
    expect(c.groups[1]).toMatchObject({ dropped: 2, failed: 1, total: 4 });
  });
  it('counts rows per normalised state and reports duplicate ids and ungrouped rows', () => {
    expect(c.byState).toEqual({ finished: 5, crashed: 1, running: 1 });
    expect(c.duplicateIds).toEqual(['r5']);
    expect(c.ungrouped).toBe(1);
    expect(c.warnings).toContain(messages.duplicateIds('id', ['r5']));
    expect(c.warnings).toContain(messages.rowsWithoutGroup(1, 'Sweep'));
  });
  it('with includeFailed keeps crashed runs that have a metric, not running ones without', () => {
    const k = cleanRuns(runs, { group: 'Sweep', metric: 'acc', state: 'State', includeFailed: true });
    expect(Array.from(k.groups[0].values)).toEqual([0.9, 0.5]);
    expect(k.groups[1].failed).toBe(1);
  });
  it('derives the group from a pattern (first capture group), counting rows that do not match', () => {
    const t = tableFromRows([
      { name: 'mcmc-truck-low-1', psnr: '25' },
      { name: 'mini_splatting-room-high', psnr: '27' },
      { name: 'nodash', psnr: '20' },
    ]);
    const p = cleanRuns(t, { group: 'name', metric: 'psnr', groupPattern: parseGroupPattern('^([^-]+)-') });
    expect(p.groups.map((g) => g.name)).toEqual(['mcmc', 'mini_splatting']);
    expect(p.warnings).toEqual([messages.rowsNotMatchingPattern(1, 'name', '/^([^-]+)-/')]);
  });
  it('rejects an unknown column with the near misses', () => {
    expect(() => cleanRuns(runs, { group: 'sweep', metric: 'acc' })).toThrowError(UsageError);
    expect(() => cleanRuns(runs, { group: 'sweep', metric: 'acc' })).toThrowError(/--group: no column "sweep".*did you mean "Sweep"/);
  });
});

describe('normalizeState', () => {
  it('maps W&B, MLflow, Optuna and kdlab states', () => {
    expect(['finished', 'FINISHED', 'COMPLETE', 'success'].map(normalizeState)).toEqual(['finished', 'finished', 'finished', 'finished']);
    expect(['FAIL', 'FAILED', 'crashed', 'KILLED', 'RUNNING', 'PRUNED', 'WAITING'].map(normalizeState)).toEqual([
      'failed',
      'failed',
      'crashed',
      'killed',
      'running',
      'pruned',
      'pending',
    ]);
    expect(normalizeState('weird')).toBeUndefined();
  });
});

describe('parseGroupPattern', () => {
  it('accepts /re/flags and bare patterns, and rejects invalid ones as usage errors', () => {
    expect(parseGroupPattern('/^A/i').flags).toBe('i');
    expect(parseGroupPattern('^([^-]+)').source).toBe('^([^-]+)');
    expect(() => parseGroupPattern('([')).toThrowError(UsageError);
  });
});

describe('repeatedTexts (the duplicate-id check)', () => {
  // The plain definition: a Set of texts seen, each repeat recorded at its second occurrence.
  const naive = (col: readonly (string | number | null)[]): string[] => {
    const seen = new Set<string>(),
      dup = new Set<string>();
    for (const c of col) {
      if (c === null) continue;
      const t = String(c);
      if (seen.has(t)) dup.add(t);
      else seen.add(t);
    }
    return [...dup];
  };
  it('agrees with a Set of strings, in the same order, for any ids (numbers and their text collide)', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.integer({ min: -3, max: 3 }).map(String),
      fc.integer({ min: -3, max: 3 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 300 }), (col) => {
        expect([...repeatedTexts(col, col.length)]).toEqual(naive(col));
      }),
    );
  });
  it('finds the repeats among many distinct ids, where hashes collide in the table', () => {
    const col = Array.from({ length: 50_000 }, (_, i) => `run-${i % 49_990}`);
    expect([...repeatedTexts(col, col.length)]).toEqual(naive(col));
  });
});
