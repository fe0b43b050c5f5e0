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

// Statistics
export {
  ttestInd,
  ttestRel,
  wilcoxon,
  cohensDz,
  describe,
  adjustPValues,
  P_ADJUST_METHODS,
  mannWhitneyU,
  cohensD,
  hedgesG,
  hedgesCorrection,
  powerTTest,
  bootstrapCI,
  expectedMax,
  expectedMaxCurve,
  probabilityOfImprovement,
  tCdf,
  tSf,
  tPpf,
  tPdf,
  normCdf,
  normSf,
  normPpf,
  normPdf,
  nctCdf,
} from './stats/index.js';
export type {
  TTestIndOptions,
  TTestIndResult,
  TTestRelOptions,
  TTestRelResult,
  DescribeResult,
  PAdjustMethod,
  NanPolicy,
  MannWhitneyUOptions,
  MannWhitneyUResult,
  MannWhitneyMethod,
  EffectSizeOptions,
  EffectSizeResult,
  PowerTTestOptions,
  PowerTTestResult,
  PowerTestType,
  BootstrapCIOptions,
  BootstrapCIResult,
  BootstrapMethod,
  SampleStatistic,
  ExpectedMaxOptions,
  ExpectedMaxResult,
  ProbabilityOfImprovementOptions,
  ProbabilityOfImprovementResult,
} from './stats/index.js';

// Experiments and the winner's curse
export { loadExperimentConfig, parseExperimentConfig } from './experiment/config.js';
export type { ExperimentConfig, ReportOptions as ExperimentReportOptions } from './experiment/config.js';
export { runExperiment } from './experiment/run-experiment.js';
export type { RunExperimentOptions, ExperimentOutcome } from './experiment/run-experiment.js';
export { rerun } from './experiment/rerun.js';
export type { RerunOptions, RerunOutcome } from './experiment/rerun.js';
export { selectTopConfigs, freshSeeds, planReruns, analyzeReruns, rerunSweepName } from './experiment/winners-curse.js';
export type {
  SelectedConfig,
  RerunPlan,
  WinnersCurseResult,
  WinnersCurseSweep,
  RerunComparison,
  ConfigOutcome,
} from './experiment/winners-curse.js';

// Analysis and reports (load → clean → group → compare)
export { report } from './commands/report.js';
export type { ReportOptions } from './commands/report.js';
export { ttest as ttestCommand } from './commands/ttest.js';
export { loadTable, parseText } from './analysis/load.js';
export { analyzeTable } from './analysis/pipeline.js';
export { buildReportModel } from './report/build.js';
export type { AnalyzeOptions, Analysis } from './analysis/pipeline.js';
export { cleanRuns } from './analysis/clean.js';
export { groupSamples, tukeyBox } from './analysis/group.js';
export { compareGroups } from './analysis/compare.js';
export type { StatsEngine, CompareOptions } from './analysis/compare.js';
export { defaultEngine } from './analysis/stats-engine.js';
export { rowsFromRuns } from './analysis/store-rows.js';
// Designs: row filters, multi-column groups, pairing
export { parseWhere, parseWheres, filterTable } from './analysis/filter.js';
export type { WhereFilter } from './analysis/filter.js';
export { resolveGroupColumns, withGroupColumn } from './analysis/group-keys.js';
export { detectPairing } from './analysis/detect-pairing.js';
export { deriveColumns, deriveTable, parseDerive } from './analysis/derive.js';
export type { DeriveSpec } from './analysis/derive.js';
export type { PairingCandidate, PairingDetection } from './analysis/detect-pairing.js';
export { pairableRuns, blockRuns, pairGroups, pairedTests, designSummary } from './analysis/pair.js';
export type { BlockedRuns, PairedSample, PairedTests, DesignSummary } from './analysis/pair.js';
export { toJson, writeJsonAtomic } from './util/json.js';
export type { RunTable, Cell } from './analysis/table.js';
export type {
  ResultsJson,
  ReportModel,
  GroupSummary,
  GroupBox,
  Comparison,
  DesignJson,
  PairedTestResult,
  SignedRankResult,
  PairingNote,
  BestRun,
} from './analysis/model.js';

// Run store
export { openStore, parseStoreUrl, DEFAULT_STORE_PATH } from './storage/open-store.js';
export type { OpenStoreOptions, StoreLocation } from './storage/open-store.js';
export { MemoryStore } from './storage/memory.js';
export { RunClosedError } from './storage/store.js';
export type {
  Store,
  StoreOptions,
  NewSweep,
  NewRun,
  AddRunsOptions,
  RunFilter,
  RunCounts,
  RunResultUpdate,
  StaleRunOptions,
} from './storage/store.js';
export { exportRuns, runsToTable, formatCsv, formatJsonl, EXPORT_FORMATS } from './runs/export-runs.js';
export type { ExportFormat, ExportRunsOptions, ExportRunsResult, ExportTable } from './runs/export-runs.js';
export { importRuns, readImport, applyImport, planColumns, tableToRuns } from './runs/import-runs.js';
export type { ImportRunsOptions, ImportRunsResult, ColumnPlan, PreparedImport } from './runs/import-runs.js';
export { listSweeps } from './runs/list-sweeps.js';
export { formatSweepTable, formatStatusTable, formatWinnersCurse } from './render/tables.js';
export type { SweepSummary } from './runs/list-sweeps.js';

// Training (TensorFlow.js; loads tfjs when imported)
export {
  createTrainer,
  DEFAULT_CACHE_DIR,
  selectBackend,
  BACKEND_CHOICES,
  resolveParams,
  PARAM_DEFAULTS,
  PARAM_NAMES,
  losses,
  TEACHER_DEFAULTS,
} from './train/index.js';
export type {
  TrainerConfig,
  KdTrainer,
  StudentRunResult,
  SplitConfig,
  BackendChoice,
  BackendInfo,
  StudentParams,
  LossFn,
  LossOptions,
  TeacherConfig,
  TeacherMeta,
  DatasetSpec,
} from './train/index.js';
export type { Trainer, TrainCallbacks, RunResult } from './domain/trainer.js';
export { trainStudent } from './commands/train.js';
export type { TrainOptions, TrainOutcome } from './commands/train.js';

// Utilities
export { createRng } from './util/rng.js';
export type { Rng } from './util/rng.js';
export { VERSION } from './version.js';

// Report: charts, HTML, Markdown and the archive
export { writeReport, writeArchiveIndex, readArchive, reportDirName, slugify } from './report/archive.js';
export type { WriteReportOptions, ArchivedResultsJson } from './report/archive.js';
export { renderReportHtml, renderArchiveIndex, buildReportView } from './render/html.js';
export { renderMarkdown } from './render/markdown.js';
export { headlineSentence } from './render/headline.js';
export { formatTTest, verdictSentence } from './render/sentences.js';
export { formatNumber, formatP, formatInterval, formatDf } from './render/format.js';
export { headlineComparison } from './analysis/compare.js';
export { chartSpecs, renderCharts } from './render/charts.js';
export type { ChartSpec, RenderedChart } from './render/charts.js';
export { boxplotSpec } from './render/specs/boxplot.js';
export { expectedMaxSpec } from './render/specs/expected-max.js';
export { comparisonIntervalSpec } from './render/specs/comparison-interval.js';
export { renderSvg } from './render/svg.js';
export { screenshotReport } from './render/screenshot.js';

// Sweeps: config → sampler → agents (trainer + store)
export { parseSweepConfig, loadSweepConfig, validateSweepConfig } from './sweep/config.js';
export type { SweepConfig, HyperbandConfig, TrainerSettings } from './sweep/config.js';
export type { SearchSpace, ParamSpec, Distribution } from './sweep/space.js';
export { DISTRIBUTIONS, sampleParams, paramsKey } from './sweep/space.js';
export { samplers, gridPoints, createTpeSampler } from './sweep/samplers/index.js';
export type { Sampler, Trial, History, TpeOptions } from './sweep/samplers/index.js';
export { hyperbandBands, hyperbandDecision } from './sweep/hyperband.js';
export { runAgent } from './sweep/agent.js';
export type { AgentOptions, AgentSummary } from './sweep/agent.js';
export { createSweep, findOrCreateSweep, runSweep } from './sweep/run-sweep.js';
export type { RunSweepOptions, RunSweepOutcome } from './sweep/run-sweep.js';
export { readSweepStatus, sweepProgress } from './sweep/status.js';
export type { SweepProgress } from './sweep/status.js';
export { trainers } from './sweep/trainers.js';
export { createFakeTrainer, fakeObjective } from './sweep/fake-trainer.js';
