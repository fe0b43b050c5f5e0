/**
 * `kdlab ttest`: one t-test between two groups of a run table, printed as a scipy user reads it
 * (test name, statistic, pvalue, df and the CI of the mean difference), or as JSON.
 */
import type { Alternative } from '../domain/metric.js';
import { quote, UsageError } from '../errors.js';
import type { CommandContext } from './context.js';
import { cleanRuns } from '../analysis/clean.js';
import { detectRoles, nearMisses } from '../analysis/detect.js';
import { loadTable } from '../analysis/load.js';
import { ttestTwoGroups } from '../analysis/stats-engine.js';
import { formatTTest } from '../render/sentences.js';

export interface TTestCommandOptions {
  readonly file: string;
  readonly group: string;
  readonly metric: string;
  readonly a: string;
  readonly b: string;
  readonly welch?: boolean;
  readonly alternative?: Alternative;
  readonly confidenceLevel?: number;
  readonly includeFailed?: boolean;
  readonly json?: boolean;
}

export async function ttest(opts: TTestCommandOptions, context: CommandContext): Promise<number> {
  const { stdout } = context;
  const table = await loadTable(opts.file);
  const roles = detectRoles(table);
  const cleaned = cleanRuns(table, {
    group: opts.group,
    metric: opts.metric,
    state: roles.state,
    id: roles.id,
    includeFailed: opts.includeFailed,
  });
  const pick = (flag: string, name: string) => {
    const g = cleaned.groups.find((x) => x.name === name);
    if (!g) {
      const names = cleaned.groups.map((x) => x.name);
      const near = nearMisses(name, names);
      throw new UsageError(
        `${flag}: no group ${quote(name)} in column ${quote(opts.group)}; ${
          near.length
            ? `did you mean ${near.map((n) => quote(n)).join(', ')}?`
            : `groups: ${names
                .slice(0, 20)
                .map((n) => quote(n))
                .join(', ')}`
        }`,
      );
    }
    if (g.values.length < 2)
      throw new UsageError(
        `${flag}: group ${quote(name)} has ${g.values.length} usable run${g.values.length === 1 ? '' : 's'}; a t-test needs at least 2.`,
      );
    return g.values;
  };
  const a = pick('--a', opts.a);
  const b = pick('--b', opts.b);
  const result = ttestTwoGroups(a, b, {
    equalVar: !opts.welch,
    alternative: opts.alternative ?? 'two-sided',
    confidenceLevel: opts.confidenceLevel ?? 0.95,
  });
  if (opts.json) {
    stdout(
      JSON.stringify(
        { a: opts.a, b: opts.b, group: opts.group, metric: opts.metric, ...result },
        (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
        2,
      ) + '\n',
    );
  } else {
    stdout(formatTTest(result, { a: opts.a, b: opts.b }) + '\n');
  }
  return 0;
}
