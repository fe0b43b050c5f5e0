/**
 * The report's model, built from a loaded table and its analysis (pure): the results, Tukey boxes,
 * the runs used (for the HTML's data section), the cleaning counts and provenance.
 *
 *     LoadedTable + Analysis ──build──▶ ReportModel ──write (write.ts)──▶ results.json, summary.md, index.html
 */
import { headlineComparison } from '../analysis/compare.js';
import { toNumber } from '../analysis/detect.js';
import { isMetricOrMetadataName } from '../analysis/detect-pairing.js';
import { tukeyBox } from '../analysis/group.js';
import type { ReportModel, ResultsJson } from '../analysis/model.js';
import type { Analysis } from '../analysis/pipeline.js';
import type { Cell, LoadedTable, RunTable } from '../analysis/table.js';
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
  const { choices, groups, cleaning } = analysis;
  const inputRows = table.rowCount;
  // The analysed table: filtered by --where, with a --group A,B label column (row indices refer to it).
  table = { ...table, ...analysis.table };
  const results = { ...analysis.results, groups: withBestRuns(table, analysis) };
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
  const teacher = teacherAccuracies(table, cleaning);
  return {
    title: title ?? defaultTitle(results, headline),
    results: { ...results, warnings },
    // Empty groups (no usable run) are in the runs table only, not blank rows of the box plot.
    boxes: groups.filter((g) => g.sorted.length > 0).map((g) => tukeyBox(g.name, g.sorted)),
    meta: {
      command: provenance.command,
      options: provenance.options,
      kdlabVersion: VERSION,
      input: { path: table.source.path, sha256: table.source.sha256, rows: inputRows },
      createdAt: provenance.createdAt,
    },
    runs,
    cleaning: { byState: cleaning.byState, duplicateIds: cleaning.duplicateIds },
    ...(analysis.pairing ? { pairing: analysis.pairing } : {}),
    ...(table.program || teacher.length ? { about: { ...table.program, ...(teacher.length ? { teacherAccuracy: teacher } : {}) } } : {}),
  };
}

/** The teacher's test accuracy, as distilling runs store it in their summary. */
export const TEACHER_ACCURACY = 'teacher/test/accuracy';

/** Distinct teacher accuracies of the runs the report used (a few at most: one per teacher). */
function teacherAccuracies(table: RunTable, cleaning: Analysis['cleaning']): number[] {
  const i = table.columns.indexOf(TEACHER_ACCURACY);
  if (i < 0) return [];
  const col = table.data[i];
  const seen = new Set<number>();
  for (const g of cleaning.groups)
    for (const r of g.rows) {
      const v = toNumber(col[r]);
      if (Number.isFinite(v)) seen.add(v);
      if (seen.size > 10) break;
    }
  return [...seen].sort((a, b) => b - a);
}

/** Columns that hold a run's hyperparameters in tracker exports (W&B config, MLflow params, Optuna params_). */
const PARAM_PREFIX = /^(config[._/]|params[._/]|params_|hparams[._/]|hyperparameters[._/])/;
/** Hyperparameters listed per best run at most. */
export const MAX_BEST_RUN_PARAMS = 20;

/** Each group's summary with its best run (id, name, hyperparameters), read from the analysed table. */
function withBestRuns(table: LoadedTable, analysis: Analysis): Analysis['results']['groups'] {
  const { choices, cleaning, results } = analysis;
  const col = (name?: string) => (name && table.columns.includes(name) ? table.data[table.columns.indexOf(name)] : undefined);
  const idCol = col(choices.id);
  const nameCol = col(['Name', 'name', 'tags.mlflow.runName'].find((c) => table.columns.includes(c)));
  // Hyperparameters: a store's or W&B config's params, the tracker's config/params columns, or in a
  // plain table every column that has no other role (group, metric, id, name, state, the --group
  // columns) and is not a metric or bookkeeping (created_at, _runtime, test/psnr).
  const roles = new Set(
    [choices.group, choices.metric, choices.id, choices.state, 'Name', 'name', ...(choices.groupColumns ?? [])].filter(
      (c) => c !== undefined,
    ),
  );
  const prefixed = table.columns.filter((c) => PARAM_PREFIX.test(c));
  // A role column is never a hyperparameter of the run: grouping by `params_model` makes it the group's name.
  const paramCols = (table.hints?.params ?? (prefixed.length ? prefixed : table.columns.filter((c) => !isMetricOrMetadataName(c))))
    .filter((c) => !roles.has(c))
    .slice(0, MAX_BEST_RUN_PARAMS);
  const cleanByName = new Map(cleaning.groups.map((g) => [g.name, g]));
  return results.groups.map((summary) => {
    const g = cleanByName.get(summary.name);
    if (!g || g.values.length === 0) return summary;
    let k = 0;
    for (let i = 1; i < g.values.length; i++)
      if (results.goal === 'minimize' ? g.values[i] < g.values[k] : g.values[i] > g.values[k]) k = i;
    const r = g.rows[k];
    const text = (c: Cell | undefined) => (c === null || c === undefined || c === '' ? undefined : String(c));
    const id = idCol ? text(idCol[r]) : undefined;
    const name = nameCol ? text(nameCol[r]) : undefined;
    const params: Record<string, Cell> = {};
    for (const c of paramCols) params[c] = table.data[table.columns.indexOf(c)][r];
    return { ...summary, bestRun: { ...(id !== undefined ? { id } : {}), ...(name !== undefined ? { name } : {}), params } };
  });
}

function defaultTitle(results: ResultsJson, headline?: { a: string; b: string }): string {
  return headline ? `${results.metric}: ${headline.a} vs ${headline.b}` : `${results.metric} by ${results.group}`;
}
