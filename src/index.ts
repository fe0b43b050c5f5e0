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
  describe,
  adjustPValues,
  P_ADJUST_METHODS,
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
  DescribeResult,
  PAdjustMethod,
  NanPolicy,
} from './stats/index.js';

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
export { importRuns, planColumns, tableToRuns } from './runs/import-runs.js';
export type { ImportRunsOptions, ImportRunsResult, ColumnPlan } from './runs/import-runs.js';
export { listSweeps, formatSweepTable } from './runs/list-sweeps.js';
export type { SweepSummary } from './runs/list-sweeps.js';

// Training (TensorFlow.js; loads tfjs when imported)
export { createTrainer, DEFAULT_CACHE_DIR, selectBackend, BACKEND_CHOICES, resolveParams, PARAM_DEFAULTS, PARAM_NAMES, losses, TEACHER_DEFAULTS } from './train/index.js';
export type { TrainerConfig, KdTrainer, StudentRunResult, SplitConfig, BackendChoice, BackendInfo, StudentParams, LossFn, LossOptions, TeacherConfig, TeacherMeta, DatasetSpec } from './train/index.js';
export type { Trainer, TrainCallbacks, RunResult } from './domain/trainer.js';
export { train } from './commands/train.js';
export type { TrainOptions, TrainOutcome } from './commands/train.js';

// Utilities
export { createRng } from './util/rng.js';
export type { Rng } from './util/rng.js';
export { VERSION } from './version.js';
