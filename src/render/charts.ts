/**
 * The report's charts: each spec builder paired with its title, caption and rendered SVG.
 * The captions are the charts' "how to read" lines; the HTML and the archive both use this list.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from '../analysis/model.js';
import type { Logger } from '../log/logger.js';
import { boxplotSpec, type AxisScale } from './specs/boxplot.js';
import { comparisonIntervalSpec, intervalTest } from './specs/comparison-interval.js';
import { expectedMaxSpec } from './specs/expected-max.js';
import { renderSvg } from './svg.js';
import { KdlabError } from '../errors.js';
import { messages } from '../log/messages.js';

export type ChartId = 'boxplot' | 'expected-max' | 'differences';

export interface ChartSpec {
  readonly id: ChartId;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

export interface RenderedChart extends ChartSpec {
  readonly svg: string;
}

/** The charts a model supports, in report order (pure). */
export interface ChartOptions {
  /** Seed of the box plot's jitter. */
  readonly seed?: number;
  /** The box plot's metric axis (`--scale`). */
  readonly scale?: AxisScale;
}

export function chartSpecs(model: ReportModel, opts: ChartOptions = {}): ChartSpec[] {
  const out: ChartSpec[] = [
    {
      id: 'boxplot',
      title: `${model.results.metric} by ${model.results.group}`,
      caption:
        'Boxes span the middle half of the runs (q1 to q3), the white line is the median, whiskers reach the ' +
        'furthest run within 1.5 × IQR of the box (Tukey, as pandas draws them); dots are individual runs, ' +
        'jittered vertically (or only the outliers, for large groups). When a few runs lie far beyond the ' +
        'whiskers, the axis follows the whiskers and those runs sit on its edge, counted ("3 ▸"); ' +
        '--scale log shows them instead. Long names are shortened ("…" marks what was left out); ' +
        'hover for the full name.',
      spec: boxplotSpec(model, { seed: opts.seed, scale: opts.scale }),
    },
  ];
  const diff = comparisonIntervalSpec(model);
  if (diff) {
    out.push({
      id: 'differences',
      title: 'Difference of means with confidence interval',
      caption:
        `Each line is the ${intervalTest(model.results).short} confidence interval of the difference a − b; the dot is the observed difference ` +
        'of the group means and the dashed red line marks zero. An arrowhead means the interval is one-sided and open on that end.',
      spec: diff,
    });
  }
  const em = expectedMaxSpec(model);
  if (em) {
    out.push({
      id: 'expected-max',
      title: 'Expected best of N runs',
      caption:
        'The expected best result of a sweep of N runs (Dodge et al., 2019), with a band of ±1 sd. ' +
        'Compare groups at the same N: a larger sweep finds a better maximum by chance alone.',
      spec: em,
    });
  }
  return out;
}

/**
 * Renders every chart to SVG, ids prefixed by chart so they can share one page. A chart the chart
 * library fails to draw (Vega cannot lay out an axis over subnormal values such as 5e-324) is left
 * out with one warning: the tables carry the same numbers, so the report is still worth writing.
 * Our own faults (active content in an SVG, a KdlabError) still stop the report.
 */
export async function renderCharts(model: ReportModel, opts: ChartOptions & { logger?: Logger } = {}): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of chartSpecs(model, opts)) {
    let svg: string;
    try {
      svg = await renderSvg(chart.spec, { seed: opts.seed, idPrefix: chart.id, logger: opts.logger });
    } catch (err) {
      if (err instanceof KdlabError) throw err;
      opts.logger?.warn(messages.chartNotDrawn(chart.title, err instanceof Error ? err.message : String(err)));
      continue;
    }
    out.push({ ...chart, svg });
  }
  return out;
}
