/**
 * Small ReportModels as object literals, the way the analysis stage hands them over.
 * Numbers are internally consistent (box statistics match the listed values) but the tests here
 * check rendering, not statistics.
 */
import type { BestRun, Comparison, GroupBox, GroupSummary, ReportModel, ResultsJson } from '../../src/analysis/model.js';

export const TEMPERATURE = [0.861, 0.853, 0.872, 0.858, 0.866, 0.849, 0.87, 0.862, 0.855, 0.868, 0.801];
export const COSINE = [0.874, 0.881, 0.869, 0.888, 0.877, 0.883, 0.872, 0.879, 0.886, 0.871];

const groups: GroupSummary[] = [
  {
    name: 'cosine',
    n: 10,
    best: 0.888,
    mean: 0.878,
    sd: 0.00627,
    median: 0.878,
    q1: 0.8725,
    q3: 0.8825,
    min: 0.869,
    max: 0.888,
    dropped: 1,
    failed: 2,
  },
  {
    name: 'temperature',
    n: 11,
    best: 0.872,
    mean: 0.8559,
    sd: 0.01926,
    median: 0.861,
    q1: 0.854,
    q3: 0.867,
    min: 0.801,
    max: 0.872,
    dropped: 0,
    failed: 3,
  },
];

const boxes: GroupBox[] = [
  { name: 'cosine', q1: 0.8725, median: 0.878, q3: 0.8825, whiskerLow: 0.869, whiskerHigh: 0.888, outliers: [], values: COSINE },
  {
    name: 'temperature',
    q1: 0.854,
    median: 0.861,
    q3: 0.867,
    whiskerLow: 0.849,
    whiskerHigh: 0.872,
    outliers: [0.801],
    values: TEMPERATURE,
  },
];

const comparison: Comparison = {
  a: 'cosine',
  b: 'temperature',
  nA: 10,
  nB: 11,
  student: { statistic: 3.4795, pvalue: 0.001254, pvalueAdjusted: 0.001254, df: 19, ci: [0.01123, Infinity] },
  welch: { statistic: 3.6175, pvalue: 0.001698, pvalueAdjusted: 0.001698, df: 12.08, ci: [0.01125, Infinity] },
  mannWhitney: { statistic: 103, pvalue: 0.00011, pvalueAdjusted: 0.00011, rankBiserial: 0.8727 },
  hedgesG: { value: 1.4573, ci: [0.4851, 2.4295] },
  probabilityOfImprovement: { value: 0.9364, ci: [0.8125, 1] },
  headlineTest: 'welch',
  significant: true,
  sentence: 'cosine is more accurate than temperature (Welch, one-sided, p = 0.0017 < 0.05).',
};

export const results: ResultsJson = {
  metric: 'eval/accuracy',
  group: 'sweep',
  goal: 'maximize',
  alternative: 'greater',
  alpha: 0.05,
  adjust: 'holm',
  baseline: 'temperature',
  groups,
  comparisons: [comparison],
  expectedMax: {
    cosine: [
      { n: 1, mean: 0.878, sd: 0.00627 },
      { n: 2, mean: 0.8815, sd: 0.0051 },
      { n: 5, mean: 0.8853, sd: 0.0029 },
      { n: 10, mean: 0.888, sd: 0 },
    ],
    temperature: [
      { n: 1, mean: 0.8559, sd: 0.01926 },
      { n: 2, mean: 0.8631, sd: 0.0078 },
      { n: 5, mean: 0.8694, sd: 0.0029 },
      { n: 11, mean: 0.872, sd: 0 },
    ],
  },
  budgetMatched: {
    n: 10,
    groups: [
      { name: 'cosine', expectedBest: 0.888, sd: 0 },
      { name: 'temperature', expectedBest: 0.8718, sd: 0.0006 },
    ],
  },
  warnings: ['runs in sweep "cosine" come from Bayesian search: they are not independent samples'],
};

export const model: ReportModel = {
  title: 'Cosine vs temperature scaling',
  results,
  boxes,
  meta: {
    command: 'kdlab report runs.csv --baseline temperature --alternative greater',
    options: { baseline: 'temperature', alternative: 'greater', adjust: 'holm', alpha: 0.05 },
    kdlabVersion: '0.1.0',
    input: { path: 'runs.csv', sha256: 'a'.repeat(64), rows: 27 },
    createdAt: '2026-11-29T03:12:45.000Z',
  },
  runs: [
    ...COSINE.map((v, i) => ({ id: `c${i}`, sweep: 'cosine', state: 'finished', 'eval/accuracy': v })),
    ...TEMPERATURE.map((v, i) => ({ id: `t${i}`, sweep: 'temperature', state: 'finished', 'eval/accuracy': v })),
  ],
  cleaning: { byState: { finished: 21, failed: 3, crashed: 2 }, duplicateIds: ['t3'] },
};

/** The same model with every group name replaced, e.g. by markup that must stay text. */
export function renameGroups(m: ReportModel, rename: Record<string, string>): ReportModel {
  const r = (name: string) => rename[name] ?? name;
  const res = m.results;
  return {
    ...m,
    results: {
      ...res,
      baseline: res.baseline === undefined ? undefined : r(res.baseline),
      groups: res.groups.map((g) => ({ ...g, name: r(g.name) })),
      comparisons: res.comparisons.map((c) => ({ ...c, a: r(c.a), b: r(c.b), sentence: `${r(c.a)} vs ${r(c.b)}: ${c.sentence}` })),
      expectedMax: Object.fromEntries(Object.entries(res.expectedMax).map(([k, v]) => [r(k), v])),
      budgetMatched: res.budgetMatched && {
        ...res.budgetMatched,
        groups: res.budgetMatched.groups.map((g) => ({ ...g, name: r(g.name) })),
      },
    },
    boxes: m.boxes.map((b) => ({ ...b, name: r(b.name) })),
    runs: m.runs.map((row) => ({ ...row, sweep: r(String(row.sweep)) })),
  };
}

/** The same model with a best run per group (as report/build.ts finds them from the table). */
export function withBestRuns(m: ReportModel, best: Record<string, BestRun>): ReportModel {
  return { ...m, results: { ...m.results, groups: m.results.groups.map((g) => (best[g.name] ? { ...g, bestRun: best[g.name] } : g)) } };
}

/** Best runs for the small model: the learning rate tells them apart, the shared batch size does not. */
export const BEST_RUNS: Record<string, BestRun> = {
  cosine: { id: 'c3', name: 'misty-meadow-4', params: { lr: 0.001, batch: 64, schedule: 'cosine' } },
  temperature: { id: 't2', params: { lr: 0.0003, batch: 64, schedule: 'step' } },
};
