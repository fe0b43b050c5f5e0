/**
 * kdlab's public library API. Curated named exports, grouped by heading; no `export *`.
 */

// Domain vocabulary
export type { RunRecord, RunState, Params, ParamValue, EpochLog } from './domain/run.js';
export { RUN_STATES } from './domain/run.js';
export type { Metric, Goal, Alternative } from './domain/metric.js';
export type { Sweep, SweepMethod, SweepState } from './domain/sweep.js';
export type { LossVariant } from './domain/loss-variant.js';
export { LOSS_VARIANTS } from './domain/loss-variant.js';

// Errors
export { KdlabError, UsageError, DataError, StorageError, InternalError, StatsError } from './errors.js';

// Utilities
export { createRng } from './util/rng.js';
export type { Rng } from './util/rng.js';
export { VERSION } from './version.js';

// Report: charts, HTML, Markdown and the archive
export { writeReport, writeArchiveIndex, readArchive, reportDirName, slugify, toResultsJson } from './report/archive.js';
export type { WriteReportOptions, ArchivedResultsJson } from './report/archive.js';
export { renderReportHtml, renderArchiveIndex, buildReportView } from './render/html.js';
export { renderMarkdown } from './render/markdown.js';
export { headlineSentence, headlineComparison } from './render/headline.js';
export { chartSpecs, renderCharts } from './render/charts.js';
export type { ChartSpec, RenderedChart } from './render/charts.js';
export { boxplotSpec } from './render/specs/boxplot.js';
export { expectedMaxSpec } from './render/specs/expected-max.js';
export { comparisonIntervalSpec } from './render/specs/comparison-interval.js';
export { renderSvg } from './render/svg.js';
export { screenshotReport } from './render/screenshot.js';
