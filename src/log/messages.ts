/**
 * The catalog of user-facing warnings. Each is a function so tests can assert by name:
 * `expect(logger.warns).toContain(messages.fewRuns('B', 3))`.
 * Add new warnings here rather than inlining strings at the call site.
 */
import { quote } from '../errors.js';
const q = (s: string) => quote(s);
/** At most this many names in one grouped warning, then "…". */
const LISTED = 8;
const listed = (items: readonly string[]) =>
  items.slice(0, LISTED).join(', ') + (items.length > LISTED ? `, … (${items.length - LISTED} more)` : '');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const messages = {
  fewRuns: (group: string, n: number) => `only ${n} run${n === 1 ? '' : 's'} in group ${q(group)}: its tests have little power`,
  notIndependent: (groups: readonly string[], method: string) =>
    `runs of ${groups.map(q).join(', ')} come from ${method} search: each run was chosen from earlier results, so they are not independent samples and the p-values are only approximate`,
  optunaDefaultSampler: () =>
    `this looks like an Optuna study without a grid sampler: Optuna's default sampler (TPE) chooses each trial from earlier ones, so trials are not independent samples and the p-values are only approximate`,
  earlyTerminated: (n: number) =>
    `${plural(n, 'run')} were stopped early (pruned): early termination keeps only promising runs, so the remaining runs are not independent samples`,
  duplicateIds: (column: string, ids: readonly string[]) =>
    `${plural(ids.length, 'run id')} occur more than once in column ${q(column)} (e.g. ${ids.slice(0, 3).map(q).join(', ')}): the same run may be counted twice`,
  rowsWithoutGroup: (n: number, column: string) => `${plural(n, 'row')} have no value in group column ${q(column)} and were left out`,
  rowsNotMatchingPattern: (n: number, column: string, pattern: string) =>
    `${plural(n, 'row')} of column ${q(column)} do not match --group-pattern ${pattern} and were left out`,
  unknownStates: (states: readonly string[]) =>
    `unrecognised run state${states.length === 1 ? '' : 's'} ${states.map(q).join(', ')}: such runs are left out of the tests like unfinished ones`,
  emptyGroup: (group: string) => `group ${q(group)} has no usable runs: it is listed but not compared`,
  /** Every empty group in one line (emptyGroup's wording for one). */
  emptyGroups: (groups: readonly string[]): string =>
    groups.length === 1
      ? messages.emptyGroup(groups[0])
      : `${groups.length} groups have no usable runs: ${listed(groups.map(q))}; they are listed but not compared`,
  /** Every small group in one line (fewRuns' wording for one): "16 groups have only 4 runs: …". */
  fewRunsGroups: (groups: readonly { readonly name: string; readonly n: number }[]): string => {
    if (groups.length === 1) return messages.fewRuns(groups[0].name, groups[0].n);
    const sizes = new Set(groups.map((g) => g.n));
    const most = Math.max(...sizes);
    return sizes.size === 1
      ? `${groups.length} groups have only ${plural(most, 'run')}: ${listed(groups.map((g) => q(g.name)))}; their tests have little power`
      : `${groups.length} groups have ${most} runs or fewer: ${listed(groups.map((g) => `${q(g.name)} (${g.n})`))}; their tests have little power`;
  },
  chartNotDrawn: (title: string, reason: string) =>
    `chart ${q(title)} left out of the report: the chart library could not draw it (${quote(reason, 120)}); the tables hold its numbers`,
  comparisonSkipped: (a: string, b: string, reason: string) => `comparison ${q(a)} vs ${q(b)} skipped: ${reason}`,
  runsNotEmbedded: (n: number, limit: number) =>
    `${n} runs are more than the ${limit} the report embeds: the runs table is left out of the HTML (results.json has every group's statistics)`,
  noComparison: () => '--fail-unless-significant: there is no comparison to judge (fewer than two groups with 2+ runs)',

  teacherChanged: (sweep: string, was: string, now: string) =>
    `sweep ${q(sweep)} was started with teacher ${was}, this run uses ${now}: runs distilled from different teachers are not comparable; use another --sweep`,
  singleGroup: (group: string) => `only one group (${q(group)}): nothing to compare; choose another --group column`,
  unreadableReport: (path: string, reason: string) => `skipping archived report ${path} in the index: ${reason}`,
  removedUnfinishedReport: (path: string) => `removed ${path}: a report interrupted before it was complete (it had no results.json)`,

  heartbeatFailed: (run: string, reason: string) => `run ${run}: heartbeat failed: ${reason}`,
  runLost: (run: string) => `run ${run}: its heartbeat went stale and another agent marked it crashed; its result is dropped`,
  runEndedElsewhere: (run: string, state: string) => `run ${run}: ended elsewhere meanwhile (${state}); its result is dropped`,
  runFailed: (run: string, reason: string) => `run ${run} failed: ${reason}`,
  /** `outcome`: how the try ended, e.g. `failed` or `crashed (exit code 137)`. */
  runRetried: (run: string, outcome: string, attempt: number, attempts: number) =>
    `run ${run} ${outcome}; retrying its config (attempt ${attempt} of ${attempts})`,
  runGaveUp: (run: string, outcome: string) => `run ${run} ${outcome}; no retries left`,
  tooManyComparisons: (groups: number, count: number, cap: number) =>
    `--pairs all: ${groups} groups make ${count} comparisons, more than the ${cap} allowed; compare against one group with --baseline NAME, narrow the rows with --where, or raise the cap with --max-comparisons ${count}`,
  deriveUnmatched: (rows: number, of: number, d: { readonly source: string; readonly names: readonly string[] }) =>
    `--derive: ${rows} of ${plural(of, 'row')} did not match the pattern on ${q(d.source)}; their ${d.names.map(q).join(', ')} ${d.names.length === 1 ? 'is' : 'are'} empty`,
  unmatchedKeys: (runs: number, pairBy: readonly string[]) =>
    `${plural(runs, 'run')} had no match in the compared groups by ${pairBy.map(q).join(', ')} and were left out of the paired tests`,
  replicatesAveraged: (runs: number, pairBy: readonly string[]) =>
    `${plural(runs, 'run')} shared a group and a key (${pairBy.map(q).join(', ')}) with another run: each such set was averaged into one value`,
  pairingSuggested: (columns: readonly string[]) =>
    `these runs look paired by ${columns.map(q).join(', ')}: --pair-by ${columns.join(',')} compares them key for key`,
  pairingAuto: (columns: readonly string[]) => `--pair-by auto: pairing runs by ${columns.map(q).join(', ')}`,
  pairingNotFound: () =>
    '--pair-by auto: no column matches runs across the groups (a seed, scene or dataset column whose values repeat in every group); name the columns with --pair-by COL[,COL…]',
} as const;
