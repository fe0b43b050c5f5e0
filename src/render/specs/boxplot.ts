/**
 * Box plot by group, drawn as four small marks over precomputed statistics (Observable Plot's
 * composite-mark idea) rather than vega-lite's boxplot aggregate over raw values:
 *   1. rule from the low to the high whisker (Tukey, 1.5·IQR, as pandas draws them)
 *   2. whisker caps (ticks)
 *   3. bar from q1 to q3, coloured by role (baseline or variant)
 *   4. tick at the median
 *   5. points: every run, jittered with a seeded RNG, when the model carries the values;
 *      otherwise only the outliers, so a million-run report stays a small SVG.
 *   6. with far outliers, the axis follows the whiskers: points beyond it sit on its edge and a
 *      small "3 ▸" says how many (or `scale: 'log'` spreads them instead).
 * Group names only ever enter as data values, never into a vega expression.
 */
import { specText } from './text.js';
import type { TopLevelSpec } from 'vega-lite';
import type { GroupBox, ReportModel } from '../../analysis/model.js';
import { MAX_POINTS_PER_GROUP } from '../../analysis/group.js';
import { createRng } from '../../util/rng.js';
import { CHART_WIDTH, COLORS, config } from './theme.js';
import { formatNumber } from '../format.js';
import { abbreviateLabels, fullNamesOf, groupAxisTitle } from '../labels.js';

export interface BoxplotOptions {
  /** Seed of the jitter, so the same model always draws the same picture. */
  readonly seed?: number;
  readonly width?: number;
  /** 'log' draws the metric on a log axis (only when every value is positive; else linear). */
  readonly scale?: AxisScale;
}

export type AxisScale = 'linear' | 'log';
export const AXIS_SCALES: readonly AxisScale[] = ['linear', 'log'];

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
  // The axis shows unique short labels; the full name stays in the data for the tooltips.
  const short = abbreviateLabels(order);
  const label = (name: string) => short.get(name) ?? name;

  const boxes = model.boxes.map((b) => ({
    group: b.name,
    label: label(b.name),
    rank: rank.get(b.name) ?? order.length,
    role: role(b.name),
    n: n.get(b.name) ?? null,
    q1: b.q1,
    median: b.median,
    q3: b.q3,
    whiskerLow: b.whiskerLow,
    whiskerHigh: b.whiskerHigh,
  }));
  const log = opts.scale === 'log' && allPositive(model.boxes);
  const domain = log ? undefined : whiskerDomain(model.boxes);
  const pin = (v: number) => (domain === undefined ? v : Math.min(domain[1], Math.max(domain[0], v)));
  const points = model.boxes.flatMap((b) => {
    const values = thin(b.values ?? b.outliers);
    const outliers = new Set(b.outliers);
    return values.map((value) => ({
      group: b.name,
      label: label(b.name),
      rank: rank.get(b.name) ?? order.length,
      value,
      // Where the dot is drawn: on the axis edge when the value lies beyond it.
      at: pin(value),
      // What a screen reader says: the value itself, not the edge it is drawn at.
      about: `${b.name}: ${formatNumber(value)}`,
      outlier: outliers.has(value),
      // Uniform in [-1, 1); the yOffset scale maps it onto the middle of the band.
      jitter: round(rng.next() * 2 - 1),
    }));
  });
  const beyond = domain === undefined ? [] : offAxisCounts(model.boxes, domain);
  const countLayer = (side: 'low' | 'high') => {
    const rows = beyond
      .filter((c) => c.side === side)
      .map((c) => ({
        group: c.group,
        label: label(c.group),
        rank: rank.get(c.group) ?? order.length,
        at: c.at,
        count: c.label,
        values: c.values,
        about: `${c.group}: beyond the axis ${c.values}`,
      }));
    if (rows.length === 0) return [];
    return [
      {
        data: { values: rows },
        mark: {
          type: 'text',
          align: side === 'high' ? 'right' : 'left',
          baseline: 'bottom',
          dy: -BOX_SIZE / 2 - 1,
          fontSize: 10,
          fontWeight: 600,
          color: COLORS.ink,
        },
        encoding: {
          x: x('at'),
          text: { field: 'count', type: 'nominal' },
          description: { field: 'about', type: 'nominal' },
          tooltip: [
            { field: 'group', type: 'nominal', title: specText(results.group) },
            { field: 'values', type: 'nominal', title: 'beyond the axis' },
          ],
        },
      },
    ];
  };

  const y = {
    field: 'label',
    type: 'nominal',
    sort: { field: 'rank', op: 'min' },
    title: specText(groupAxisTitle(results.group)),
    // No cut: labels are already short, and one kept whole to stay unique must not be cut again.
    axis: { labelLimit: 0, labelFontSize: 12, labelPadding: 6 },
  } as const;
  const x = (field: string) =>
    ({
      field,
      type: 'quantitative',
      title: specText(log ? `${results.metric} (log scale)` : results.metric),
      scale: log
        ? { type: 'log', nice: true }
        : domain === undefined
          ? { zero: false, nice: true }
          : { zero: false, nice: false, domain: [...domain] },
    }) as const;

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // The static SVG shows each shortened label's full name on hover (renderSvg adds the <title>).
    usermeta: { fullNames: fullNamesOf(short) },
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
            { field: 'group', type: 'nominal', title: specText(results.group) },
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
          x: x('at'),
          yOffset: { field: 'jitter', type: 'quantitative', scale: { domain: [-2.2, 2.2] } },
          description: { field: 'about', type: 'nominal' },
          tooltip: [
            { field: 'group', type: 'nominal', title: specText(results.group) },
            { field: 'value', type: 'quantitative', title: specText(results.metric), format: '.4~g' },
          ],
        },
      },
      ...countLayer('low'),
      ...countLayer('high'),
    ],
  } as TopLevelSpec;
}

/** How far beyond the whiskers a value may lie before the axis stops following it (× the whisker span). */
const FAR = 1.5;
/** Margin around the whiskers when the axis follows them (× the whisker span). */
const MARGIN = 0.06;

/**
 * The axis range when some value lies far beyond every whisker (more than FAR × the whiskers'
 * span): the whiskers plus a margin, so one outlier at 0.1 cannot squash boxes at 0.9 into a
 * sliver. Undefined when every value fits: the axis then takes in all of them.
 */
export function whiskerDomain(boxes: readonly GroupBox[]): readonly [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  let min = Infinity;
  let max = -Infinity;
  for (const b of boxes) {
    if (Number.isFinite(b.whiskerLow)) lo = Math.min(lo, b.whiskerLow);
    if (Number.isFinite(b.whiskerHigh)) hi = Math.max(hi, b.whiskerHigh);
    for (const v of b.values ?? b.outliers) {
      if (!Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (!(lo <= hi)) return undefined;
  // Boxes of identical values have no span: measure against their magnitude instead.
  const span = hi - lo || Math.abs(hi) * 0.1 || 1;
  if (min >= lo - FAR * span && max <= hi + FAR * span) return undefined;
  return [lo - MARGIN * span, hi + MARGIN * span];
}

export interface OffAxisCount {
  readonly group: string;
  readonly side: 'low' | 'high';
  /** The axis edge the count is drawn at. */
  readonly at: number;
  /** "◂ 3" or "3 ▸". */
  readonly label: string;
  /** The values beyond the edge, for the tooltip. */
  readonly values: string;
}

/** Per group and side, the values beyond the axis range: what the edge labels say. */
export function offAxisCounts(boxes: readonly GroupBox[], domain: readonly [number, number]): OffAxisCount[] {
  const out: OffAxisCount[] = [];
  for (const b of boxes) {
    const all = b.values ?? b.outliers;
    const low = all.filter((v) => v < domain[0]).sort((p, q) => p - q);
    const high = all.filter((v) => v > domain[1]).sort((p, q) => p - q);
    const list = (vs: readonly number[]) => vs.map((v) => formatNumber(v)).join(', ');
    if (low.length > 0) out.push({ group: b.name, side: 'low', at: domain[0], label: `◂ ${low.length}`, values: list(low) });
    if (high.length > 0) out.push({ group: b.name, side: 'high', at: domain[1], label: `${high.length} ▸`, values: list(high) });
  }
  return out;
}

function allPositive(boxes: readonly GroupBox[]): boolean {
  return boxes.every((b) => b.whiskerLow > 0 && (b.values ?? b.outliers).every((v) => v > 0));
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
