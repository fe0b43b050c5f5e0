/**
 * The report's model, built from a loaded table and its analysis (pure): the results, Tukey boxes,
 * the runs used (for the HTML's data section), the cleaning counts and provenance.
 *
 *     LoadedTable + Analysis ──build──▶ ReportModel ──write (write.ts)──▶ results.json, summary.md, index.html
 */
import { headlineComparison } from '../analysis/compare.js';
import { toNumber } from '../analysis/detect.js';
import { tukeyBox } from '../analysis/group.js';
import type { ReportModel, ResultsJson } from '../analysis/model.js';
import type { Analysis } from '../analysis/pipeline.js';
import type { Cell, LoadedTable } from '../analysis/table.js';
import { messages } from '../log/messages.js';
import { VERSION } from '../version.js';

/** Runs embedded in the HTML report at most; above this the runs table is left out. */
export const MAX_EMBEDDED_RUNS = 10_000;

export interface Provenance {
  readonly command: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

/**
 * Build (pure): the ReportModel that the writers (JSON, Markdown, HTML) and the archive consume.
 * `embedRuns: false` (no HTML wanted) leaves the runs out without a warning.
 */
export function buildReportModel(
  table: LoadedTable,
  analysis: Analysis,
  provenance: Provenance,
  title?: string,
  embedRuns = true,
): ReportModel {
  const { choices, groups, cleaning, results } = analysis;
  const totalUsed = groups.reduce((s, g) => s + g.sorted.length, 0);
  const runs: Record<string, Cell>[] = [];
  const warnings = [...results.warnings];
  if (!embedRuns) {
    // nothing to embed
  } else if (totalUsed <= MAX_EMBEDDED_RUNS) {
    const col = (name?: string) => (name && table.columns.includes(name) ? table.data[table.columns.indexOf(name)] : undefined);
    const idCol = col(choices.id);
    const nameCol = col(['Name', 'name', 'tags.mlflow.runName'].find((c) => table.columns.includes(c)));
    const stateCol = col(choices.state);
    const metricCol = col(choices.metric)!;
    for (const g of cleaning.groups) {
      for (const r of g.rows) {
        runs.push({
          ...(idCol ? { id: idCol[r] } : {}),
          ...(nameCol ? { name: nameCol[r] } : {}),
          group: g.name,
          ...(stateCol ? { state: stateCol[r] } : {}),
          [choices.metric]: toNumber(metricCol[r]),
        });
      }
    }
  } else {
    warnings.push(messages.runsNotEmbedded(totalUsed, MAX_EMBEDDED_RUNS));
  }
  const headline = headlineComparison(results);
  return {
    title: title ?? defaultTitle(results, headline),
    results: { ...results, warnings },
    boxes: groups.map((g) => tukeyBox(g.name, g.sorted)),
    meta: {
      command: provenance.command,
      options: provenance.options,
      kdlabVersion: VERSION,
      input: { path: table.source.path, sha256: table.source.sha256, rows: table.rowCount },
      createdAt: provenance.createdAt,
    },
    runs,
    cleaning: { byState: cleaning.byState, duplicateIds: cleaning.duplicateIds },
  };
}

function defaultTitle(results: ResultsJson, headline?: { a: string; b: string }): string {
  return headline ? `${results.metric}: ${headline.a} vs ${headline.b}` : `${results.metric} by ${results.group}`;
}
