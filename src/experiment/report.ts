/**
 * The report step of an experiment or a re-run: `kdlab report` over the run store, restricted to
 * the sweeps in question (a store may hold other sweeps), with the experiment's report options.
 */
import { MAX_PATTERN_LENGTH } from '../analysis/filter.js';
import { UsageError } from '../errors.js';
import { openStore, parseStoreUrl } from '../storage/open-store.js';
import type { ReportOptions as CommandReportOptions } from '../commands/report.js';
import type { Logger } from '../log/logger.js';
import type { ReportModel } from '../analysis/model.js';
import type { ReportOptions } from './config.js';

export interface ReportOutputOptions {
  /** Report archive root (default `reports`). */
  readonly out?: string;
  /** false: print the tables only, write no archive. */
  readonly html?: boolean;
  /** The command line as typed (recorded in the report), without the leading `kdlab`. */
  readonly command?: string;
  /** Report timestamp clock (tests pass a fixed one). */
  readonly reportDate?: () => Date;
  /** Where the tables go (default process.stdout). */
  readonly stdout?: (text: string) => void;
}

export interface ExperimentReport {
  /** 0, or 1 when the report judged the headline comparison (see `kdlab report --fail-unless-significant`). */
  readonly exitCode: number;
}

/** A regular expression matching exactly these group names. */
export function exactNames(names: readonly string[]): string {
  return `^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`;
}

/** `--where sweep~^(a|b)$` for these sweeps; a --group-pattern when the expression is too long for a filter. */
function sweepFilter(sweeps: readonly string[], where: readonly string[] = []): Pick<CommandReportOptions, 'where' | 'groupPattern'> {
  const pattern = exactNames(sweeps);
  return pattern.length <= MAX_PATTERN_LENGTH ? { where: [...where, `sweep~${pattern}`] } : { groupPattern: pattern };
}

/** An experiment's report reads its store back: a memory: store cannot (checked before any run, and here). */
export function assertReportableStore(source: string): void {
  if (parseStoreUrl(source).engine === 'memory')
    throw new UsageError('the report reads the run store again, which a memory: store cannot offer; use a SQLite file or PostgreSQL');
}

/**
 * `storeSweeps`, the names of every sweep in the store, lets the report skip the sweep filter when
 * it would filter nothing. `source` is the store URL as the user gave it: Store.url hides a PostgreSQL password, so it
 * cannot always reconnect.
 */
export async function writeExperimentReport(
  source: string,
  sweeps: readonly string[],
  options: ReportOptions,
  out: ReportOutputOptions & {
    logger: Logger;
    extend?: (model: ReportModel) => ReportModel;
    storeSweeps?: readonly string[];
    /** The experiment's description, for the report's header. */
    description?: string;
  },
): Promise<ExperimentReport> {
  assertReportableStore(source);
  const { report } = await import('../commands/report.js');
  // The experiment's report options carry the report command's names; only the metric comes as {name, goal}.
  const { metric, ...shared } = options;
  const reportOptions: CommandReportOptions = {
    ...shared,
    source,
    group: 'sweep',
    // Restrict to these sweeps only when the store holds others: a row filter (listed among the
    // report's filters), so no warning speaks of a --group-pattern the user never passed.
    ...(out.storeSweeps && out.storeSweeps.every((n) => sweeps.includes(n)) ? {} : sweepFilter(sweeps, options.where)),
    metric: metric.name,
    goal: metric.goal,
    ...(options.baseline === undefined ? { pairs: 'all' as const } : {}),
    html: out.html,
    out: out.out,
    extend: (model: ReportModel) => {
      const extended = out.extend ? out.extend(model) : model;
      return out.description === undefined ? extended : { ...extended, about: { ...extended.about, description: out.description } };
    },
  };
  const exitCode = await report(reportOptions, {
    logger: out.logger,
    stdout: out.stdout ?? ((s: string) => void process.stdout.write(s)),
    stderr: (s: string) => void process.stderr.write(s),
    now: out.reportDate ?? (() => new Date()),
    signal: new AbortController().signal,
    openStore: (url, opts) => openStore(url, opts),
    progress: () => ({ start() {}, update() {}, stop() {} }),
    cwd: process.cwd(),
    argv: out.command !== undefined ? out.command.split(' ') : [],
  });
  return { exitCode };
}
