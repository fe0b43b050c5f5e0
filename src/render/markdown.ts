/**
 * summary.md (and `--markdown`): the headline, then GitHub-flavoured tables — best by group,
 * runs by group, comparisons with their plain sentences. Untrusted names are escaped so they
 * can neither break a table nor inject HTML into a rendered page.
 */
import type { ReportModel } from '../analysis/model.js';
import { formatColumns, formatCount, formatDf, formatInterval, formatNumber, formatP, formatPercent, pClause } from './format.js';
import { figuresOf, testOfField, testsOf } from '../analysis/tests.js';
import { headlineSentence, sidedness } from './headline.js';
import { formatParams, varyingParams } from './params.js';

export function renderMarkdown(model: ReportModel): string {
  const r = model.results;
  const tag = (name: string) => (name === r.baseline ? `${md(name)} (baseline)` : md(name));
  const out: string[] = [];
  out.push(`# ${md(model.title)}`, '');
  out.push(`**${md(headlineSentence(r))}**`, '');
  out.push(
    `Metric \`${code(r.metric)}\` (${r.goal === 'minimize' ? 'lower' : 'higher'} is better) by \`${code(r.group)}\`; ` +
      `alternative ${r.alternative}, α = ${r.alpha}, p adjusted by ${r.adjust}.`,
    '',
  );
  if (model.about?.description) out.push(md(model.about.description), '');
  const teacher = model.about?.teacherAccuracy ?? [];
  if (teacher.length) out.push(`Teacher test accuracy: ${teacher.map((v) => formatNumber(v)).join(', ')}.`, '');

  if (r.warnings.length > 0) {
    out.push('## Warnings', '', ...r.warnings.map((w) => `- ${md(w)}`), '');
  }

  out.push('## Best by group', '');
  // Each group's best run and the hyperparameters that tell the best runs apart, when the model has them.
  const paramKeys = varyingParams(r.groups.flatMap((g) => (g.bestRun && !g.empty && g.n > 0 ? [g.bestRun.params] : [])));
  const runColumn = r.groups.some((g) => g.bestRun?.name ?? g.bestRun?.id);
  const paramsColumn = paramKeys.length > 0;
  // Each number column at one precision, as in the terminal and the HTML.
  const bestCells = formatColumns(r.groups, [
    (g) => g.best,
    (g) => g.mean,
    (g) => g.sd,
    (g) => g.median,
    (g) => g.q1,
    (g) => g.q3,
    (g) => g.min,
    (g) => g.max,
  ]);
  out.push(
    table(
      [
        'group',
        'n',
        'best',
        'mean',
        'sd',
        'median',
        'q1',
        'q3',
        'min',
        'max',
        ...(runColumn ? ['best run'] : []),
        ...(paramsColumn ? ['its hyperparameters'] : []),
      ],
      r.groups.map((g, i) => [
        tag(g.name),
        formatCount(g.n),
        ...bestCells[i],
        ...(runColumn ? [md(g.bestRun?.name ?? g.bestRun?.id ?? '—')] : []),
        ...(paramsColumn ? [g.bestRun ? md(formatParams(g.bestRun.params, paramKeys)) : '—'] : []),
      ]),
      ['best run', 'its hyperparameters'],
    ),
    '',
  );

  out.push('## Runs by group', '');
  out.push(
    table(
      ['group', 'used', 'dropped', 'failed', 'total'],
      r.groups.map((g) => [
        tag(g.name),
        formatCount(g.n),
        formatCount(g.dropped),
        formatCount(g.failed),
        formatCount(g.n + g.dropped + g.failed),
      ]),
    ),
    '',
  );

  if (r.comparisons.length > 0) {
    out.push('## Comparisons', '');
    out.push(
      table(
        ['a', 'b', 'n', 'test', 'sides', 'statistic', 'df', 'p', 'adjusted p', 'CI of a − b', "Hedges' g", 'P(a better)', 'verdict'],
        r.comparisons.map((c) => {
          const t = figuresOf(c, c.headlineTest);
          return [
            md(c.a),
            tag(c.b),
            `${c.nA} / ${c.nB}`,
            testOfField(c.headlineTest).label,
            r.alternative === 'two-sided' ? 'two-sided' : 'one-sided',
            formatNumber(t.statistic),
            formatDf(t.df),
            formatP(t.pvalue),
            formatP(t.pvalueAdjusted),
            formatInterval(t.ci),
            `${formatNumber(c.hedgesG.value, 3)} ${formatInterval(c.hedgesG.ci, 3)}`,
            formatPercent(c.probabilityOfImprovement.value),
            c.significant ? 'real' : 'not shown',
          ];
        }),
        ['b', 'test', 'sides', 'verdict'],
      ),
      '',
    );
    for (const c of r.comparisons) {
      // Beside the verdict: the other paired tests and d_z when runs are matched, else the other
      // kind of test (rank-based beside a t-test, t-tests beside a rank test).
      const head = testOfField(c.headlineTest);
      const others = testsOf(c)
        .filter((t) => t !== head && (c.paired ? t.samples === 'paired' : t.kind !== head.kind))
        .map((t) => {
          const f = figuresOf(c, t.field);
          return `${t.statisticLabel} = ${formatNumber(f.statistic, t.symbol === 't' ? 4 : 6)}, ${pClause('adjusted p', formatP(f.pvalueAdjusted))}`;
        });
      const paired = c.paired
        ? [`${c.paired.n} matched keys`, `d_z = ${formatNumber(c.dz?.value ?? NaN, 3)} ${formatInterval(c.dz?.ci ?? [NaN, NaN], 3)}`]
        : [];
      out.push(`- ${md(c.sentence)} (${[md(sidedness(r.alternative, c.a, c.b)), ...paired, ...others].join('; ')})`);
    }
    out.push('');
  }

  if (r.budgetMatched) {
    out.push(`## Expected best at equal budget (N = ${r.budgetMatched.n})`, '');
    out.push(
      table(
        ['group', 'expected best', 'sd'],
        formatColumns(r.budgetMatched.groups, [(g) => g.expectedBest, (g) => g.sd]).map((cells, i) => [
          tag(r.budgetMatched!.groups[i].name),
          ...cells,
        ]),
      ),
      '',
    );
  }

  out.push(
    '---',
    '',
    `\`${code(model.meta.command)}\` · kdlab ${md(model.meta.kdlabVersion)} · input \`${code(model.meta.input.path)}\` ` +
      `(sha256 \`${code(model.meta.input.sha256)}\`) · ${md(model.meta.createdAt)}`,
    '',
  );
  return out.join('\n');
}

/** Numbers right-aligned; the first column and those named in `text` left-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], text: readonly string[] = []): string {
  const align = header.map((h, i) => (i === 0 || text.includes(h) ? ':--' : '--:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Escapes Markdown syntax and HTML in untrusted text, and keeps it on one line. */
export function md(text: string): string {
  return (
    text
      .replace(/[\r\n]+/g, ' ')
      // Only what could start a tag or an entity: "p < 0.05" stays readable.
      .replace(/&(?=#?\w+;)/g, '&amp;')
      .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
      .replace(/([\\`*_[\]|~])/g, '\\$1')
      .replace(/^([#>+-])/, '\\$1')
  );
}

/** Text inside an inline code span: no backticks, one line. */
function code(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/`/g, "'");
}
