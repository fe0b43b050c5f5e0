/**
 * `kdlab report`: load (I/O) → analyse (pure, src/analysis) → build (pure, src/report/build.ts) →
 * write (I/O, src/report/write.ts). A plain async function returning the exit code, so tests call it
 * directly with a test context.
 */
import { parseGroupPattern } from '../analysis/clean.js';
import { headlineComparison } from '../analysis/compare.js';
import { loadTable } from '../analysis/load.js';
import type { ReportModel } from '../analysis/model.js';
import { analyzeTable, type AnalyzeOptions } from '../analysis/pipeline.js';
import { defaultEngine } from '../analysis/stats-engine.js';
import type { SourceFormat } from '../analysis/table.js';
import { UsageError } from '../errors.js';
import { messages } from '../log/messages.js';
import { formatAnalysis } from '../render/terminal.js';
import { buildReportModel } from '../report/build.js';
import { writeOutputs, type WriteOutputs } from '../report/write.js';
import type { CommandContext } from './context.js';

/** The analysis options (as for `analyzeTable`), with the group pattern still as typed, and the outputs. */
export interface ReportOptions extends Omit<AnalyzeOptions, 'groupPattern' | 'onProgress'>, WriteOutputs {
  /** Run table file, or a run store (`.kdlab/runs.db`, `sqlite:…`, `postgres://…`). */
  readonly source: string;
  readonly format?: SourceFormat;
  /** Regular expression applied to the group column; its first capture group (or match) is the group. */
  readonly groupPattern?: string;
  readonly failUnlessSignificant?: boolean;
  /** Adds sections to the model before it is written (e.g. `kdlab rerun`'s winner's curse). */
  readonly extend?: (model: ReportModel) => ReportModel;
}

export async function report(opts: ReportOptions, context: CommandContext): Promise<number> {
  if (opts.json === '-' && opts.markdown === '-')
    throw new UsageError('--json - and --markdown - cannot both write to stdout; give one of them a file.');
  // Tables move to stderr when stdout carries a machine-readable result.
  const print = opts.json === '-' || opts.markdown === '-' ? context.stderr : context.stdout;
  const groupPattern = opts.groupPattern !== undefined ? parseGroupPattern(opts.groupPattern) : undefined;
  if (opts.alpha !== undefined && !(opts.alpha > 0 && opts.alpha < 1))
    throw new UsageError(`--alpha must be between 0 and 1, got ${opts.alpha}.`);
  if (opts.maxComparisons !== undefined && !(Number.isInteger(opts.maxComparisons) && opts.maxComparisons >= 1))
    throw new UsageError(`--max-comparisons must be a whole number of at least 1, got ${opts.maxComparisons}.`);

  // 1. load (I/O)
  const table = await loadTable(opts.source, { format: opts.format, openStore: (url) => context.openStore(url, { cwd: context.cwd }) });

  // 2. analyse: detect, clean, group, compare (pure)
  const progress = comparisonProgress(context);
  let analysis;
  try {
    analysis = analyzeTable(table, { ...opts, groupPattern, onProgress: progress.update }, defaultEngine);
  } finally {
    progress.stop();
  }

  // 3. build (pure)
  const argv = context.argv.length > 0 ? context.argv : ['report', opts.source];
  const built = buildReportModel(
    table,
    analysis,
    { command: ['kdlab', ...argv].join(' '), options: recordedOptions(opts), createdAt: context.now().toISOString() },
    opts.title,
    opts.html !== false,
  );
  const model = opts.extend ? opts.extend(built) : built;
  for (const w of model.results.warnings) context.logger.warn(w);
  // The model's groups carry each group's best run, which the bare analysis lacks.
  print(formatAnalysis({ ...analysis, results: model.results }) + '\n');

  // 4. write (I/O)
  await writeOutputs(model, opts, context, print);

  if (opts.failUnlessSignificant) {
    const headline = headlineComparison(model.results);
    if (!headline) {
      context.logger.warn(messages.noComparison());
      return 1;
    }
    if (!headline.significant) return 1;
  }
  return 0;
}

/** Comparisons below this many run without a progress display. */
export const PROGRESS_MIN_COMPARISONS = 200;

/** A progress display for many comparisons (`--pairs all` over many groups), started on first use. */
function comparisonProgress(context: CommandContext): { update: (done: number, total: number) => void; stop: () => void } {
  let bar: ReturnType<CommandContext['progress']> | undefined;
  let step = 1;
  return {
    update: (done, total) => {
      if (total < PROGRESS_MIN_COMPARISONS) return;
      if (!bar) {
        bar = context.progress();
        bar.start(total, 'comparisons');
        step = Math.max(1, Math.floor(total / 100));
      }
      if (done % step === 0 || done === total) bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** Options worth recording in the report (no functions, no objects). */
function recordedOptions(opts: ReportOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    if (v === undefined || typeof v === 'function') continue;
    if (typeof v !== 'object') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = [...v];
  }
  return out;
}
