/**
 * One row per comparison: the difference of means (a − b) with the confidence interval of the
 * verdict's test (the paired t-test's with --pair-by; Welch's when the verdict test has no interval,
 * as Mann–Whitney) and a line at zero. An interval that misses zero is a difference the data resolve; colour says whether
 * the headline test is significant after adjustment (the interval itself is not adjusted).
 * One-sided tests have a one-sided interval: its infinite end is drawn to the chart's edge with an
 * arrowhead.
 */
import { specText } from './text.js';
import type { TopLevelSpec } from 'vega-lite';
import type { Comparison, ReportModel, ResultsJson } from '../../analysis/model.js';
import { figuresOf, testOfField, type ReportTest } from '../../analysis/tests.js';
import { CHART_WIDTH, COLORS, config } from './theme.js';
import { maxOf, minOf } from '../../util/array.js';
import { abbreviateLabels, fullNamesOf, LABEL_CHARS } from '../labels.js';

export function comparisonIntervalSpec(model: ReportModel, opts: { width?: number } = {}): TopLevelSpec | undefined {
  const { results } = model;
  if (results.comparisons.length === 0) return undefined;
  const mean = new Map(results.groups.map((g) => [g.name, g.mean]));
  // Two names share one label: each gets half the room, shortened uniquely (full names in the tooltip).
  const short = abbreviateLabels(
    results.comparisons.flatMap((c) => [c.a, c.b]),
    Math.floor((LABEL_CHARS - 3) / 2),
  );
  const name = (g: string) => short.get(g) ?? g;
  const raw = results.comparisons.map((c, rank) => {
    const [low, high] = intervalOf(c);
    return {
      rank,
      label: `${name(c.a)} − ${name(c.b)}`,
      comparison: `${c.a} − ${c.b}`,
      diff: (mean.get(c.a) ?? NaN) - (mean.get(c.b) ?? NaN),
      low,
      high,
      significant: c.significant ? 'significant' : 'not significant',
    };
  });
  const finite = raw.flatMap((r) => [r.diff, r.low, r.high, 0]).filter(Number.isFinite);
  const lo = minOf(finite);
  const hi = maxOf(finite);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.12;
  const domain = [lo - pad, hi + pad];
  const rows = raw.map((r) => ({
    ...r,
    lowOpen: !Number.isFinite(r.low),
    highOpen: !Number.isFinite(r.high),
    low: Number.isFinite(r.low) ? r.low : domain[0],
    high: Number.isFinite(r.high) ? r.high : domain[1],
    diff: Number.isFinite(r.diff) ? r.diff : null,
  }));
  const x = (field: string) =>
    ({
      field,
      type: 'quantitative',
      title: specText(`difference in mean ${results.metric} (a − b), ${intervalTest(results).short} CI`),
      scale: { domain, nice: false, zero: false },
    }) as const;
  const color = {
    field: 'significant',
    type: 'nominal',
    title: `after ${results.adjust === 'none' ? 'no' : results.adjust} adjustment, α = ${results.alpha}`,
    scale: { domain: ['significant', 'not significant'], range: [COLORS.significant, COLORS.notSignificant] },
  } as const;
  // The zero line spans the whole height, so only the other layers carry y.
  const y = {
    field: 'label',
    type: 'nominal',
    // By a field, not a list of labels: a list would be compiled into a vega expression.
    sort: { field: 'rank', op: 'min' },
    title: null,
    axis: { labelLimit: 0, labelFontSize: 12 },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // The static SVG shows each shortened row label's full comparison on hover (renderSvg adds the <title>).
    usermeta: { fullNames: fullNamesOf(raw.map((r) => [r.comparison, r.label] as const)) },
    description: `Difference in mean ${results.metric} per comparison, with confidence intervals`,
    width: opts.width ?? CHART_WIDTH,
    height: { step: 40 },
    config,
    data: { values: rows },
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: COLORS.zero, strokeDash: [4, 3], strokeWidth: 1.25 },
        encoding: { x: x('zero') },
      },
      {
        mark: { type: 'rule', strokeWidth: 2.5 },
        encoding: { y, x: x('low'), x2: { field: 'high' }, color },
      },
      {
        transform: [{ filter: 'datum.lowOpen' }],
        mark: { type: 'point', shape: 'triangle-left', filled: true, size: 70 },
        encoding: { y, x: x('low'), color },
      },
      {
        transform: [{ filter: 'datum.highOpen' }],
        mark: { type: 'point', shape: 'triangle-right', filled: true, size: 70 },
        encoding: { y, x: x('high'), color },
      },
      {
        transform: [{ filter: 'isValid(datum.diff)' }],
        mark: { type: 'point', filled: true, size: 70, stroke: 'white', strokeWidth: 1 },
        encoding: {
          y,
          x: x('diff'),
          color,
          tooltip: [
            { field: 'comparison', type: 'nominal', title: 'comparison' },
            { field: 'diff', type: 'quantitative', title: 'difference', format: '.4~g' },
            { field: 'low', type: 'quantitative', title: 'CI low', format: '.4~g' },
            { field: 'high', type: 'quantitative', title: 'CI high', format: '.4~g' },
            { field: 'significant', type: 'nominal', title: 'verdict' },
          ],
        },
      },
    ],
  };
}

/** The test whose interval the chart draws: the verdict's when it has one, else Welch's. */
export function intervalTest(results: Pick<ResultsJson, 'comparisons'>): ReportTest {
  const c = results.comparisons[0];
  return c && figuresOf(c, c.headlineTest).ci ? testOfField(c.headlineTest) : testOfField('welch');
}

function intervalOf(c: Comparison): readonly [number, number] {
  return figuresOf(c, c.headlineTest).ci ?? c.welch.ci;
}
