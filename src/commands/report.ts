/**
 * `kdlab report`: load (I/O) → analyse (pure) → print, write JSON/Markdown, render and archive (I/O).
 * A plain async function returning the exit code, so tests call it directly.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { messages } from '../log/messages.js';
import { parseGroupPattern } from '../analysis/clean.js';
import { formatAnalysis } from '../analysis/format-terminal.js';
import { loadTable } from '../analysis/load.js';
import type { ReportModel } from '../analysis/model.js';
import { analyzeTable, buildReportModel, headlineOf, type AnalyzeOptions } from '../analysis/pipeline.js';
import { toJson } from '../util/json.js';
import { defaultEngine } from '../analysis/stats-engine.js';
import type { SourceFormat } from '../analysis/table.js';
import { writeFileAtomic } from '../util/fs.js';

/** The analysis options (as for `analyzeTable`), with the group pattern still as typed. */
export interface ReportOptions extends Omit<AnalyzeOptions, 'groupPattern'> {
  /** Run table file, or a run store (`.kdlab/runs.db`, `sqlite:…`, `postgres://…`). */
  readonly source: string;
  readonly format?: SourceFormat;
  /** Regular expression applied to the group column; its first capture group (or match) is the group. */
  readonly groupPattern?: string;
  /** `-` for stdout. */
  readonly json?: string;
  readonly markdown?: string;
  /** false with `--no-html`. */
  readonly html?: boolean;
  /** Archive root (default `reports`). */
  readonly out?: string;
  readonly interactive?: boolean;
  readonly failUnlessSignificant?: boolean;
  readonly logger: Logger;
  /** Where tables and `-` outputs go (default process.stdout). */
  readonly stdout?: (text: string) => void;
  /** Where tables go when stdout carries JSON or Markdown (default process.stderr). */
  readonly stderr?: (text: string) => void;
  /** Clock for the report's timestamp (tests pass a fixed one). */
  readonly now?: () => Date;
  /** The command line as typed, recorded in the report. */
  readonly argv?: readonly string[];
  /** Adds sections to the model before it is written (e.g. `kdlab rerun`'s winner's curse). */
  readonly extend?: (model: ReportModel) => ReportModel;
}

export async function report(opts: ReportOptions): Promise<number> {
  const stdout = opts.stdout ?? ((s: string) => void process.stdout.write(s));
  const stderr = opts.stderr ?? ((s: string) => void process.stderr.write(s));
  if (opts.json === '-' && opts.markdown === '-')
    throw new UsageError('--json - and --markdown - cannot both write to stdout; give one of them a file.');
  // Tables move to stderr when stdout carries a machine-readable result.
  const print = opts.json === '-' || opts.markdown === '-' ? stderr : stdout;
  const groupPattern = opts.groupPattern !== undefined ? parseGroupPattern(opts.groupPattern) : undefined;
  if (opts.alpha !== undefined && !(opts.alpha > 0 && opts.alpha < 1))
    throw new UsageError(`--alpha must be between 0 and 1, got ${opts.alpha}.`);

  // 1. load (I/O)
  const table = await loadTable(opts.source, { format: opts.format });

  // 2–4. detect, clean, group, compare (pure)
  const analysis = analyzeTable(table, { ...opts, groupPattern }, defaultEngine);
  // 5. assemble
  const createdAt = (opts.now ?? (() => new Date()))().toISOString();
  const built: ReportModel = buildReportModel(
    table,
    analysis,
    { command: ['kdlab', ...(opts.argv ?? ['report', opts.source])].join(' '), options: recordedOptions(opts), createdAt },
    opts.title,
    opts.html !== false,
  );
  const model = opts.extend ? opts.extend(built) : built;

  for (const w of model.results.warnings) opts.logger.warn(w);
  print(formatAnalysis(analysis) + '\n');

  // 6. outputs (I/O)
  if (opts.json !== undefined) {
    const text = toJson(model.results);
    if (opts.json === '-') stdout(text);
    else {
      await writeFileAtomic(resolve(opts.json), text);
      print(`results: ${opts.json}\n`);
    }
  }
  if (opts.markdown !== undefined) {
    const { renderMarkdown } = await import('../render/markdown.js');
    const text = renderMarkdown(model);
    if (opts.markdown === '-') stdout(text.endsWith('\n') ? text : text + '\n');
    else {
      await writeFileAtomic(resolve(opts.markdown), text);
      print(`summary: ${opts.markdown}\n`);
    }
  }
  if (opts.html !== false) {
    // Lazy: vega and the templates load only when a report is rendered.
    const { writeReport } = await import('../report/archive.js');
    const written = await writeReport(model, {
      outDir: opts.out ?? 'reports',
      interactive: opts.interactive,
      logger: opts.logger,
      seed: opts.seed,
    });
    print(`report: ${written.indexHtml}\n`);
  }

  const headline = headlineOf(analysis);
  if (opts.failUnlessSignificant) {
    if (!headline) {
      opts.logger.warn(messages.noComparison());
      return 1;
    }
    if (!headline.significant) return 1;
  }
  return 0;
}

/** Options worth recording in the report (no functions, no logger). */
function recordedOptions(opts: ReportOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (v !== undefined && typeof v !== 'function' && typeof v !== 'object') out[k] = v;
  return out;
}
