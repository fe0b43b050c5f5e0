/**
 * Expected best-of-N curves (Dodge et al., 2019): for each group, the expected best metric of a
 * sweep of N runs, with a ±1 sd band. Read across at one N to compare variants at equal budget.
 * The x axis is logarithmic as in the paper, so small budgets, where curves differ most, get room.
 */
import { specText } from './text.js';
import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from '../../analysis/model.js';
import { orderOf } from './boxplot.js';
import { CHART_WIDTH, PALETTE, config } from './theme.js';
import { abbreviateLabels, fullNamesOf, groupAxisTitle } from '../labels.js';

export function expectedMaxSpec(model: ReportModel, opts: { width?: number } = {}): TopLevelSpec | undefined {
  const { results } = model;
  const order = orderOf(model).filter((name) => (results.expectedMax[name]?.length ?? 0) > 0);
  if (order.length === 0) return undefined;
  // The legend shows unique short labels; the full name stays in the data for the tooltip.
  const short = abbreviateLabels(order);
  const label = (name: string) => short.get(name) ?? name;
  const rows = order.flatMap((group) =>
    logSample(results.expectedMax[group])
      .filter((p) => Number.isFinite(p.n) && Number.isFinite(p.mean))
      .map((p) => {
        const sd = Number.isFinite(p.sd) ? p.sd : 0;
        return { group, label: label(group), n: p.n, mean: p.mean, low: p.mean - sd, high: p.mean + sd };
      }),
  );
  const color = {
    field: 'label',
    type: 'nominal',
    title: specText(groupAxisTitle(results.group)),
    // The explicit domain orders the legend; a sort list would become a vega expression.
    scale: { domain: order.map(label), range: paletteFor(order.length) },
    legend: { labelLimit: 0, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1 },
  } as const;
  const x = {
    field: 'n',
    type: 'quantitative',
    title: 'runs in the sweep (N, log scale)',
    scale: { type: 'log', nice: false },
    axis: { grid: true },
  } as const;
  const bestWord = results.goal === 'minimize' ? 'lowest' : 'highest';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // The static SVG shows each shortened legend label's full name on hover (renderSvg adds the <title>).
    usermeta: { fullNames: fullNamesOf(short) },
    description: `Expected ${bestWord} ${results.metric} among N runs, by ${results.group}`,
    width: opts.width ?? CHART_WIDTH,
    height: 300,
    config,
    data: { values: rows },
    encoding: { x, color },
    layer: [
      {
        mark: { type: 'area', opacity: 0.16 },
        encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
        encoding: {
          y: {
            field: 'mean',
            type: 'quantitative',
            title: specText(`expected ${bestWord} ${results.metric}`),
            scale: { zero: false, nice: true },
          },
          tooltip: [
            { field: 'group', type: 'nominal', title: specText(results.group) },
            { field: 'n', type: 'quantitative', title: 'N' },
            { field: 'mean', type: 'quantitative', title: 'expected best', format: '.4~g' },
            { field: 'low', type: 'quantitative', title: '− 1 sd', format: '.4~g' },
            { field: 'high', type: 'quantitative', title: '+ 1 sd', format: '.4~g' },
          ],
        },
      },
    ],
  };
}

/** A curve has more points than a log-scaled x axis can show apart beyond this. */
export const MAX_CURVE_POINTS = 200;

/**
 * At most about MAX_CURVE_POINTS points, spaced evenly in log N (the axis scale), always keeping
 * the first and the last; a 1,000,000-run group draws a smooth curve, not a million vertices.
 */
export function logSample<T extends { readonly n: number }>(points: readonly T[]): readonly T[] {
  if (points.length <= MAX_CURVE_POINTS) return points;
  const first = points[0].n;
  const last = points[points.length - 1].n;
  if (!(first > 0) || !(last > first)) return points;
  const step = Math.log(last / first) / (MAX_CURVE_POINTS - 1);
  const out: T[] = [];
  let next = Math.log(first);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (i === points.length - 1 || Math.log(p.n) >= next) {
      out.push(p);
      next = Math.log(p.n) + step;
    }
  }
  return out;
}

/** The palette, repeated when there are more groups than colours. */
export function paletteFor(count: number): string[] {
  return Array.from({ length: count }, (_, i) => PALETTE[i % PALETTE.length]);
}
