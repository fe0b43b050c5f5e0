import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blockRuns,
  canonicalKeyPart,
  compareKeys,
  designSummary,
  keyLabel,
  pairableRuns,
  pairedTests,
  pairGroups,
  type PairableRun,
} from '../../src/analysis/pair.js';
import { cleanRuns } from '../../src/analysis/clean.js';
import { deriveColumns } from '../../src/analysis/derive.js';
import { loadTable } from '../../src/analysis/load.js';
import { tableFromRows } from '../../src/analysis/table.js';
import { UsageError } from '../../src/errors.js';
import { ttestRel } from '../../src/stats/ttest-rel.js';
import { wilcoxon } from '../../src/stats/wilcoxon.js';
import { cohensDz } from '../../src/stats/cohens-dz.js';
import { expectClose } from '../stats/golden.js';

const run = (group: string, value: number, ...key: (string | number | null)[]): PairableRun => ({ group, value, key });

describe('canonicalKeyPart: which key cells are equal', () => {
  it('reads decimal numbers as numbers, so 1, "1", "1.0" and "1e0" are one key', () => {
    expect(new Set([1, '1', '1.0', '1e0', ' 1 '].map(canonicalKeyPart))).toEqual(new Set(['1']));
    expect(canonicalKeyPart('0.10')).toBe('0.1');
  });
  it('keeps other text as written, trimmed and case-sensitive', () => {
    expect(canonicalKeyPart(' garden ')).toBe('garden');
    expect(canonicalKeyPart('Garden')).not.toBe(canonicalKeyPart('garden'));
    expect(canonicalKeyPart('0x10')).toBe('0x10');
    expect(canonicalKeyPart(true)).toBe('true');
  });
  it('treats empty cells as missing', () => {
    expect(canonicalKeyPart(null)).toBeNull();
    expect(canonicalKeyPart('')).toBeNull();
    expect(canonicalKeyPart('  ')).toBeNull();
  });
});

describe('blockRuns and pairGroups', () => {
  const runs = [
    run('kd', 0.91, 1),
    run('kd', 0.93, '1.0'), // replicate of seed 1 (written differently)
    run('kd', 0.9, 2),
    run('kd', 0.88, 3),
    run('kd', 0.5, null), // no seed: cannot be matched
    run('base', 0.89, '1'),
    run('base', 0.87, 2),
    run('base', 0.86, 4), // only base has seed 4
  ];
  const blocked = blockRuns(runs, ['seed']);

  it('averages runs sharing a group and a key, and counts them', () => {
    const kd = blocked.groups.get('kd')!;
    expect(kd.size).toBe(3);
    const seed1 = kd.get('["1"]')!;
    expect(seed1.count).toBe(2);
    expect(seed1.value).toBe((0.91 + 0.93) / 2);
    expect(blocked.replicatesAveraged).toBe(2);
  });
  it('counts runs with a missing key per group and leaves them out', () => {
    expect(blocked.missingKey.get('kd')).toBe(1);
    expect(blocked.missingKey.get('base')).toBeUndefined();
  });
  it('matches the keys both groups have, in key order, and counts the others as dropped', () => {
    const p = pairGroups(blocked, 'kd', 'base');
    expect(p.keys).toEqual([['1'], ['2']]);
    expect(p.valuesA).toEqual([(0.91 + 0.93) / 2, 0.9]);
    expect(p.valuesB).toEqual([0.89, 0.87]);
    expect(p.droppedA).toBe(1); // seed 3
    expect(p.droppedB).toBe(1); // seed 4
    expect(p.replicatesAveraged).toBe(2);
  });
  it('summarises the design: keys over all groups, replicates, runs in no matched pair', () => {
    expect(designSummary(blocked, [['kd', 'base']])).toEqual({ pairBy: ['seed'], keys: 4, replicatesAveraged: 2, dropped: 3 });
    expect(designSummary(blocked, [])).toMatchObject({ dropped: 8 });
  });
  it('an unknown group has no keys, so everything of the other is dropped', () => {
    const p = pairGroups(blocked, 'kd', 'nope');
    expect(p.keys).toEqual([]);
    expect(p.droppedA).toBe(3);
  });
  it('multi-column keys are tuples: ("a,b", "c") and ("a", "b,c") differ', () => {
    const b = blockRuns([run('x', 1, 'a,b', 'c'), run('y', 2, 'a', 'b,c'), run('y', 3, 'a,b', 'c')], ['s', 't']);
    const p = pairGroups(b, 'x', 'y');
    expect(p.keys).toEqual([['a,b', 'c']]);
    expect(p.valuesB).toEqual([3]);
    expect(keyLabel(['s', 't'], p.keys[0])).toBe('s=a,b, t=c');
  });
  it('orders keys numerically where both parts are numbers, else by text', () => {
    expect([['10'], ['2'], ['b'], ['a']].sort(compareKeys)).toEqual([['2'], ['10'], ['a'], ['b']]);
    expect(compareKeys(['x', '2'], ['x', '10'])).toBeLessThan(0);
  });
});

describe('pairedTests', () => {
  it('runs ttestRel, wilcoxon and cohensDz on the matched vectors', () => {
    const runs = [0.91, 0.9, 0.93, 0.88, 0.92, 0.95].flatMap((v, i) => [run('a', v, i), run('b', 0.9 - i * 0.001, i)]);
    const p = pairGroups(blockRuns(runs, ['seed']), 'a', 'b');
    const r = pairedTests(p);
    const t = ttestRel(p.valuesA, p.valuesB);
    expect(r.paired).toEqual({ statistic: t.statistic, pvalue: t.pvalue, df: 5, n: 6, ci: t.ci });
    expect(r.wilcoxon.pvalue).toBe(wilcoxon(p.valuesA, p.valuesB).pvalue);
    expect(r.dz.value).toBe(cohensDz(p.valuesA, p.valuesB).estimate);
    expect(r.reason).toBeUndefined();
  });
  it('passes the alternative on', () => {
    const p = pairGroups(
      blockRuns(
        [1, 2, 3, 5].flatMap((v, i) => [run('a', v + 1 + i * 0.1, i), run('b', v, i)]),
        ['k'],
      ),
      'a',
      'b',
    );
    expect(pairedTests(p, { alternative: 'greater' }).paired.pvalue).toBe(
      ttestRel(p.valuesA, p.valuesB, { alternative: 'greater' }).pvalue,
    );
  });
  it('gives NaN with a reason instead of throwing when fewer than 2 keys match', () => {
    const p = pairGroups(blockRuns([run('a', 1, 1), run('b', 2, 1), run('b', 3, 2)], ['seed']), 'a', 'b');
    const r = pairedTests(p);
    expect(r.paired.pvalue).toBeNaN();
    expect(r.wilcoxon.pvalue).toBeNaN();
    expect(r.reason).toBe('a and b share 1 key; a paired test needs at least 2');
  });
  it('gives NaN with a reason when every difference is 0', () => {
    const p = pairGroups(blockRuns([run('a', 1, 1), run('b', 1, 1), run('a', 2, 2), run('b', 2, 2)], ['seed']), 'a', 'b');
    const r = pairedTests(p);
    expect(r.paired.pvalue).toBeNaN();
    expect(r.wilcoxon.pvalue).toBeNaN();
    expect(r.reason).toMatch(/every paired difference is 0/);
  });
});

describe('pairableRuns', () => {
  const table = tableFromRows([
    { g: 'a', acc: 0.9, seed: 1 },
    { g: 'a', acc: 'x', seed: 2 },
    { g: 'b', acc: 0.8, seed: 1 },
  ]);
  it("reads each kept run's key from the table by its row", () => {
    const clean = cleanRuns(table, { group: 'g', metric: 'acc' });
    expect(pairableRuns(table, clean.groups, ['seed'])).toEqual([run('a', 0.9, 1), run('b', 0.8, 1)]);
  });
  it('throws a UsageError with a near miss for an unknown column', () => {
    const clean = cleanRuns(table, { group: 'g', metric: 'acc' });
    expect(() => pairableRuns(table, clean.groups, ['sed'])).toThrow(UsageError);
    expect(() => pairableRuns(table, clean.groups, ['sed'])).toThrow('--pair-by: no column "sed" in the table; did you mean "seed"?');
  });
});

interface DesignGolden {
  rows: { group: string; dataset: string | null; seed: string; acc: number }[];
  keys: number;
  replicatesAveraged: number;
  missingKey: number;
  dropped: number;
  comparisons: {
    a: string;
    b: string;
    n: number;
    droppedA: number;
    droppedB: number;
    paired: { statistic: number; pvalue: number; df: number; ci: [number, number] };
    wilcoxon: { statistic: number; pvalue: number };
  }[];
}

describe('the paired design against pandas + scipy + R (test/analysis/golden/paired-design.py)', () => {
  const g = JSON.parse(readFileSync(new URL('./golden/paired-design.json', import.meta.url), 'utf8')) as DesignGolden;
  const table = tableFromRows(g.rows);
  const clean = cleanRuns(table, { group: 'group', metric: 'acc' });
  const blocked = blockRuns(pairableRuns(table, clean.groups, ['dataset', 'seed']), ['dataset', 'seed']);
  it('averages replicates and counts missing keys as pandas does', () => {
    expect(blocked.replicatesAveraged).toBe(g.replicatesAveraged);
    expect([...blocked.missingKey.values()].reduce((s, n) => s + n, 0)).toBe(g.missingKey);
    expect(
      designSummary(
        blocked,
        g.comparisons.map((c) => [c.a, c.b] as const),
      ),
    ).toEqual({
      pairBy: ['dataset', 'seed'],
      keys: g.keys,
      replicatesAveraged: g.replicatesAveraged,
      dropped: g.dropped,
    });
  });
  for (const c of g.comparisons) {
    it(`${c.a} vs ${c.b}: matched keys and the paired t-test, interval and Wilcoxon`, () => {
      const p = pairGroups(blocked, c.a, c.b);
      expect([p.keys.length, p.droppedA, p.droppedB]).toEqual([c.n, c.droppedA, c.droppedB]);
      const r = pairedTests(p);
      expectClose(r.paired.statistic, c.paired.statistic, 't');
      expectClose(r.paired.pvalue, c.paired.pvalue, 'p');
      expect(r.paired.df).toBe(c.paired.df);
      const width = c.paired.ci[1] - c.paired.ci[0];
      expectClose(r.paired.ci[0], c.paired.ci[0], 'ci low (R)', 1e-9, width);
      expectClose(r.paired.ci[1], c.paired.ci[1], 'ci high (R)', 1e-9, width);
      expectClose(r.wilcoxon.statistic, c.wilcoxon.statistic, 'wilcoxon statistic');
      expectClose(r.wilcoxon.pvalue, c.wilcoxon.pvalue, 'wilcoxon p');
    });
  }
});

const realdata = new URL('../../../shared/realdata/', import.meta.url).pathname;
const paul = realdata + 'PaulErpen__wandb-data-analysis__wandb_runs.csv';

describe.skipIf(!existsSync(paul))('PaulErpen W&B export: methods paired by scene × budget', () => {
  const figures = JSON.parse(readFileSync(new URL('./golden/paired-realdata.json', import.meta.url), 'utf8')) as {
    comparisons: {
      a: string;
      b: string;
      n: number;
      droppedA: number;
      droppedB: number;
      replicatesAveraged: number;
      paired: { statistic: number; pvalue: number; df: number };
      wilcoxon: { statistic: number; pvalue: number };
    }[];
  };
  it('gives the paired verdicts scipy gives on the same matched data', async () => {
    const loaded = await loadTable(paul);
    const table = deriveColumns(loaded, 'name', /^[^-]+-([^-]+)-([^-]+)/, ['scene', 'budget']).table;
    const clean = cleanRuns(table, { group: 'name', groupPattern: /^([^-]+)-/, metric: 'test_full/psnr', state: 'state' });
    const blocked = blockRuns(pairableRuns(table, clean.groups, ['scene', 'budget']), ['scene', 'budget']);
    expect(figures.comparisons.length).toBe(2);
    for (const f of figures.comparisons) {
      const p = pairGroups(blocked, f.a, f.b);
      expect(p.keys.length).toBe(f.n);
      expect([p.droppedA, p.droppedB, p.replicatesAveraged]).toEqual([f.droppedA, f.droppedB, f.replicatesAveraged]);
      const r = pairedTests(p);
      expectClose(r.paired.statistic, f.paired.statistic, `${f.a} vs ${f.b} t`);
      expectClose(r.paired.pvalue, f.paired.pvalue, `${f.a} vs ${f.b} p`);
      expect(r.paired.df).toBe(f.paired.df);
      expectClose(r.wilcoxon.statistic, f.wilcoxon.statistic, 'wilcoxon statistic');
      expectClose(r.wilcoxon.pvalue, f.wilcoxon.pvalue, 'wilcoxon p');
    }
    // The figure: mcmc vs default, paired, p ≈ 1e-7.
    const mcmc = pairedTests(pairGroups(blocked, 'mcmc', 'default'));
    expect(mcmc.paired.pvalue).toBeLessThan(1e-6);
    expect(mcmc.paired.pvalue).toBeGreaterThan(1e-8);
  });
});
