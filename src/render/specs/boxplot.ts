/**
 * Box plot by group, drawn as four small marks over precomputed statistics (Observable Plot's
 * composite-mark idea) rather than vega-lite's boxplot aggregate over raw values:
 *   1. rule from the low to the high whisker (Tukey, 1.5·IQR, as pandas draws them)
 *   2. whisker caps (ticks)
 *   3. bar from q1 to q3, coloured by role (baseline or variant)
 *   4. tick at the median
 *   5. points: every run, jittered with a seeded RNG, when the model carries the values;
 *      otherwise only the outliers, so a million-run report stays a small SVG.
 * Group names only ever enter as data values, never into a vega expression.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from '../../analysis/model.js';
import { MAX_POINTS_PER_GROUP } from '../../analysis/group.js';
import { createRng } from '../../util/rng.js';
import { CHART_WIDTH, COLORS, config } from './theme.js';

export interface BoxplotOptions {
  /** Seed of the jitter, so the same model always draws the same picture. */
  readonly seed?: number;
  readonly width?: number;
}

const BOX_SIZE = 22;

export function boxplotSpec(model: ReportModel, opts: BoxplotOptions = {}): TopLevelSpec {
  const { results } = model;
  const baseline = results.baseline;
  const rng = createRng(opts.seed ?? 1);
  const role = (name: string) => (name === baseline ? 'baseline' : 'variant');
  const n = new Map(results.groups.map((g) => [g.name, g.n]));
  const order = orderOf(model);
  // Rows carry their group's position and the axis sorts by it: an explicit sort array would be
  // compiled into a vega expression containing the group names.
  const rank = new Map(order.map((name, i) => [name, i]));

  const boxes = model.boxes.map((b) => ({
    group: b.name,
    rank: rank.get(b.name) ?? order.length,
    role: role(b.name),
    n: n.get(b.name) ?? null,
    q1: b.q1,
    median: b.median,
    q3: b.q3,
    whiskerLow: b.whiskerLow,
    whiskerHigh: b.whiskerHigh,
  }));
  const points = model.boxes.flatMap((b) => {
    const values = thin(b.values ?? b.outliers);
    const outliers = new Set(b.outliers);
    return values.map((value) => ({
      group: b.name,
      rank: rank.get(b.name) ?? order.length,
      value,
      outlier: outliers.has(value),
      // Uniform in [-1, 1); the yOffset scale maps it onto the middle of the band.
      jitter: round(rng.next() * 2 - 1),
    }));
  });

  const y = {
    field: 'group',
    type: 'nominal',
    sort: { field: 'rank', op: 'min' },
    title: results.group,
    axis: { labelLimit: 300, labelFontSize: 12, labelPadding: 6 },
  } as const;
  const x = (field: string) =>
    ({
      field,
      type: 'quantitative',
      title: results.metric,
      scale: { zero: false, nice: true },
    }) as const;

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Box plot of ${results.metric} by ${results.group}`,
    width: opts.width ?? CHART_WIDTH,
    height: { step: 48 },
    config,
    encoding: { y },
    layer: [
      {
        data: { values: boxes },
        mark: { type: 'rule', color: COLORS.muted },
        encoding: { x: x('whiskerLow'), x2: { field: 'whiskerHigh' } },
      },
      {
        data: { values: boxes },
        transform: [{ fold: ['whiskerLow', 'whiskerHigh'], as: ['whisker', 'end'] }],
        mark: { type: 'tick', color: COLORS.muted, size: BOX_SIZE / 2, orient: 'vertical' },
        encoding: { x: x('end') },
      },
      {
        data: { values: boxes },
        mark: { type: 'bar', size: BOX_SIZE, stroke: COLORS.ink, strokeWidth: 0.75, opacity: 0.85 },
        encoding: {
          x: x('q1'),
          x2: { field: 'q3' },
          color: {
            field: 'role',
            type: 'nominal',
            title: null,
            scale: { domain: ['variant', 'baseline'], range: [COLORS.variant, COLORS.baseline] },
            legend: baseline === undefined ? null : { orient: 'bottom', direction: 'horizontal' },
          },
          tooltip: [
            { field: 'group', type: 'nominal', title: results.group },
            { field: 'n', type: 'quantitative', title: 'n' },
            { field: 'whiskerLow', type: 'quantitative', title: 'low whisker', format: '.4~g' },
            { field: 'q1', type: 'quantitative', title: 'q1', format: '.4~g' },
            { field: 'median', type: 'quantitative', title: 'median', format: '.4~g' },
            { field: 'q3', type: 'quantitative', title: 'q3', format: '.4~g' },
            { field: 'whiskerHigh', type: 'quantitative', title: 'high whisker', format: '.4~g' },
          ],
        },
      },
      {
        data: { values: boxes },
        mark: { type: 'tick', color: 'white', size: BOX_SIZE, thickness: 2.5, orient: 'vertical' },
        encoding: { x: x('median') },
      },
      {
        data: { values: points },
        mark: { type: 'circle', size: 16, color: COLORS.ink, opacity: 0.45 },
        encoding: {
          x: x('value'),
          yOffset: { field: 'jitter', type: 'quantitative', scale: { domain: [-2.2, 2.2] } },
          tooltip: [
            { field: 'group', type: 'nominal', title: results.group },
            { field: 'value', type: 'quantitative', title: results.metric, format: '.4~g' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

/** Groups in the order of the best-by-group table. */
export function orderOf(model: ReportModel): string[] {
  const names = model.results.groups.map((g) => g.name);
  for (const b of model.boxes) if (!names.includes(b.name)) names.push(b.name);
  return names;
}

/**
 * At most about MAX_POINTS_PER_GROUP values, one per 1/MAX of the range, keeping min and max: more
 * dots per group add nothing visible at chart width, only bytes.
 */
export function thin(values: readonly number[]): readonly number[] {
  if (values.length <= MAX_POINTS_PER_GROUP) return values;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const step = (hi - lo) / MAX_POINTS_PER_GROUP || 1;
  const seen = new Set<number>();
  const out: number[] = [];
  for (const v of values) {
    const bucket = Math.floor((v - lo) / step);
    if (v === lo || v === hi || !seen.has(bucket)) {
      seen.add(bucket);
      out.push(v);
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
