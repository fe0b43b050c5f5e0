import { describe, expect, it } from 'vitest';
import { renderCharts, type RenderedChart } from '../../src/render/charts.js';
import {
  TEMPLATES_DIR,
  buildReportView,
  jsonForScript,
  renderArchiveIndex,
  renderReportHtml,
  scriptSafe,
  templateFile,
} from '../../src/render/html.js';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { LocalLogger } from '../../src/log/logger.js';
import { BEST_RUNS, model, renameGroups, withBestRuns } from '../helpers/report-model.js';

const MALICIOUS = '<img src=x onerror=alert(1)>';
const SCRIPT_BREAK = '</script><script>alert(1)</script><!--';

/** Charts are rendered once; the HTML tests are about the page around them. */
const charts: RenderedChart[] = await renderCharts(model);

describe('buildReportView', () => {
  const view = buildReportView(model, charts);
  it('formats the tables and marks the baseline', () => {
    expect(view.bestByGroup[1]).toMatchObject({ name: 'temperature', isBaseline: true, n: '11', best: '0.8720', sd: '0.0193' });
    expect(view.runsByGroup[0]).toEqual({ name: 'cosine', isBaseline: false, n: '10', dropped: '1', failed: '2', total: '13' });
    expect(view.runsTotal).toEqual({ n: '21', dropped: '1', failed: '5', total: '27' });
  });
  it('names every test with its assumption, df, p, adjusted p and CI', () => {
    expect(view.comparisons[0].tests).toEqual([
      {
        name: "Student's t-test",
        assumption: 'equal variances (pooled)',
        statistic: 't = 3.479',
        df: '19',
        p: '0.0013',
        pAdjusted: '0.0013',
        ci: '[0.01123, ∞]',
        isHeadline: false,
      },
      {
        name: "Welch's t-test",
        assumption: 'unequal variances',
        statistic: 't = 3.618',
        df: '12.08',
        p: '0.0017',
        pAdjusted: '0.0017',
        ci: '[0.01125, ∞]',
        isHeadline: true,
      },
      {
        name: 'Mann–Whitney U',
        assumption: 'rank-based, no normality assumed',
        statistic: 'U = 103',
        df: '—',
        p: '0.00011',
        pAdjusted: '0.00011',
        ci: '—',
        isHeadline: false,
      },
    ]);
    expect(view.comparisons[0]).toMatchObject({
      sidedness: 'one-sided (H1: cosine > temperature)',
      nA: '10',
      nB: '11',
      hedgesG: '1.46',
      hedgesGCi: '[0.485, 2.43]',
      probabilityOfImprovement: '93.6%',
      probabilityOfImprovementCi: '[81.3%, 100.0%]',
      isHeadline: true,
    });
  });
});

describe('jsonForScript', () => {
  it('cannot end its script element and round-trips through JSON.parse', () => {
    const value = { name: SCRIPT_BREAK, amp: 'a&b', sep: '\u2028', inf: Infinity };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<\/script|<!--|[<>&\u2028]/i);
    expect(JSON.parse(text)).toEqual({ ...value, inf: null });
  });
  it('neutralises script terminators in inlined code', () => {
    expect(scriptSafe('a="</SCRIPT>";b="<!--"')).toBe('a="<\\/SCRIPT>";b="<\\!--"');
  });
});

describe('renderReportHtml', () => {
  const html = renderReportHtml(model, { charts });

  it('is one self-contained file: no external resource, no script that runs', () => {
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(\s*['"]?(https?:)?\/\//i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    // Every script element is a data block.
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="application/json" id="kdlab-runs"', ' type="application/json" id="kdlab-results"']);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('has the headline, the tables, the charts, the warnings and provenance', () => {
    expect(html).toContain('Which variant is best, and is the difference real?');
    for (const id of ['best-by-group', 'runs-by-group', 'comparisons', 'budget-matched']) expect(html).toContain(`data-testid="${id}"`);
    for (const id of ['boxplot', 'differences', 'expected-max']) expect(html).toContain(`<figure class="chart" id="chart-${id}"`);
    expect(html).toContain('runs in sweep &quot;cosine&quot; come from Bayesian search');
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain('kdlab report runs.csv --baseline temperature --alternative greater');
    expect(html).toContain('How to read this report');
    expect(html).toContain('@media print');
  });

  it('embeds the runs used as JSON', () => {
    const block = /<script type="application\/json" id="kdlab-runs">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(block)).toEqual(model.runs);
    const results = /<script type="application\/json" id="kdlab-results">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(results)).toEqual(JSON.parse(JSON.stringify(model.results, (_, v: unknown) => (v === Infinity ? null : v))));
  });

  it('shows a malicious group name as text everywhere', async () => {
    const evil = renameGroups(model, { temperature: MALICIOUS, cosine: SCRIPT_BREAK });
    const out = renderReportHtml(evil, { charts: await renderCharts(evil) });
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Only our own script elements exist, and each closes where it should.
    expect(out.match(/<script\b/g)).toHaveLength(2);
    expect(out.match(/<\/script>/g)).toHaveLength(2);
    const block = /<script type="application\/json" id="kdlab-runs">(.*?)<\/script>/s.exec(out)![1];
    expect((JSON.parse(block) as { sweep: string }[]).map((r) => r.sweep)).toContain(SCRIPT_BREAK);
  });

  it('inlines the vega runtime with --interactive, still with no external resource', () => {
    const live = renderReportHtml(model, { charts, interactive: true });
    expect(live.length).toBeGreaterThan(html.length + 500_000);
    expect(live).toContain('id="kdlab-specs"');
    expect(live).not.toMatch(/<script[^>]*\bsrc\s*=|<link\b/i);
    expect(live).toContain(`script-src 'unsafe-inline' 'unsafe-eval'`);
  });
});

describe('renderArchiveIndex', () => {
  it('lists entries as given, escaping titles and linking relatively', () => {
    const out = renderArchiveIndex([
      {
        href: './b/index.html',
        title: MALICIOUS,
        createdAt: '2026-11-29T04:00:00.000Z',
        groups: ['x', 'y'],
        headline: 'x wins',
        significant: true,
      },
      {
        href: './a/index.html',
        title: 'Older',
        createdAt: '2026-11-28T04:00:00.000Z',
        groups: ['x'],
        headline: 'nothing',
        significant: false,
      },
    ]);
    expect(out).not.toContain('<img');
    expect(out.indexOf('./b/index.html')).toBeLessThan(out.indexOf('./a/index.html'));
    expect(out).toContain('2026-11-29 04:00 UTC');
    expect(out).toContain('groups: x, y');
    expect(out).toContain('2 archived reports, newest first.');
  });
});

describe('number columns share one precision (formatColumn), as in the terminal', () => {
  it('gives every value of a best-table column the same decimals, so 0.9638, 0.96 and 0.9 align', () => {
    const [a, b] = model.results.groups;
    const uneven = {
      ...model,
      results: {
        ...model.results,
        groups: [
          { ...a, best: 0.9638, sd: -0.5 },
          { ...b, best: 0.96, sd: NaN },
        ],
      },
    };
    const view = buildReportView(uneven, charts);
    expect(view.bestByGroup.map((g) => g.best)).toEqual(['0.9638', '0.9600']);
    expect(view.bestByGroup.map((g) => g.sd)).toEqual(['−0.5000', '—']);
  });

  it('gives the equal-budget table one precision per column, exponent form for the whole column when one value is tiny', () => {
    const view = buildReportView(model, charts);
    expect(view.budgetMatched?.rows.map((g) => [g.expectedBest, g.sd])).toEqual([
      ['0.8880', '0.000e0'],
      ['0.8718', '6.000e−4'],
    ]);
  });

  it("gives the comparisons' mean a − b one precision for the column (0.0057 and 0.0054, not 0.0057 and 0.00542)", () => {
    const [a, b] = model.results.groups;
    const c = model.results.comparisons[0];
    const three = {
      ...model,
      results: {
        ...model.results,
        groups: [
          { ...a, mean: 0.8889 },
          { ...a, name: 'a-t1', mean: 0.88862 },
          { ...b, mean: 0.8832 },
        ],
        comparisons: [c, { ...c, a: 'a-t1' }],
      },
    };
    expect(buildReportView(three, charts).comparisons.map((v) => v.difference)).toEqual(['0.0057', '0.0054']);
  });
});

describe("the best table names each group's best run", () => {
  it('shows the best run (name, else id) and the hyperparameters that differ, in text columns', () => {
    const view = buildReportView(withBestRuns(model, BEST_RUNS), charts);
    expect(view.bestColumns).toEqual({ run: true, params: true });
    expect(view.bestByGroup.map((g) => [g.bestRun, g.params])).toEqual([
      ['misty-meadow-4', 'lr=0.001, schedule=cosine'],
      ['t2', 'lr=0.0003, schedule=step'],
    ]);
    const html = renderReportHtml(withBestRuns(model, BEST_RUNS), { charts });
    const table = /data-testid="best-by-group".*?<\/table>/s.exec(html)?.[0] ?? '';
    expect(table).toContain('<th scope="col" class="text">best run</th>');
    expect(table).toContain('<td class="text">misty-meadow-4</td>');
    expect(table).toContain('<td class="text params"><div>lr=0.001, schedule=cosine</div></td>');
    expect(table).not.toContain('batch=');
  });

  it('leaves the run columns out when no group has a best run', () => {
    const html = renderReportHtml(model, { charts });
    expect(/data-testid="best-by-group".*?<\/table>/s.exec(html)?.[0]).not.toContain('best run');
  });

  it('escapes a hostile run name and hyperparameter value (never marked safe)', () => {
    const hostile = withBestRuns(model, {
      cosine: { name: MALICIOUS, params: { note: SCRIPT_BREAK } },
      temperature: { name: 'ok', params: { note: 'plain' } },
    });
    const html = renderReportHtml(hostile, { charts });
    expect(html).not.toContain(MALICIOUS);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<td class="text">&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).toContain('note=&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--');
  });
});

describe('the report page golden', () => {
  it('matches test/render/__snapshots__/report.html (charts and CSS elided: they have their own goldens)', async () => {
    const html = renderReportHtml(model, { charts })
      .replace(/<svg\b.*?<\/svg>/gs, '<svg><!-- chart --></svg>')
      .replace(/<style>.*?<\/style>/s, '<style><!-- templates/report.css --></style>');
    await expect(html).toMatchFileSnapshot('./__snapshots__/report.html');
  });
});

describe('edge cases', () => {
  it('renders a single group with no comparison, no curve, no warning', async () => {
    const g = model.results.groups[0];
    const lone = {
      ...model,
      results: {
        ...model.results,
        baseline: undefined,
        groups: [{ ...g, n: 1, sd: NaN }],
        comparisons: [],
        expectedMax: {},
        budgetMatched: undefined,
        warnings: [],
      },
      boxes: [model.boxes[0]],
    };
    const logger = new LocalLogger();
    const loneCharts = await renderCharts(lone, { logger });
    expect(loneCharts.map((c) => c.id)).toEqual(['boxplot']);
    expect(logger.warns).toEqual([]);
    const html = renderReportHtml(lone, { charts: loneCharts });
    expect(html).toContain('there is no other group to compare it with');
    expect(html).toContain('class="headline headline-none"');
    expect(html).not.toContain('id="comparisons"');
    expect(html).not.toContain('id="budget"');
    expect(html).not.toContain('aria-label="warnings"');
    expect(html).toContain('<td>—</td>'); // sd of one run
  });

  it('words a minimising metric as lowest', async () => {
    const min = { ...model, results: { ...model.results, goal: 'minimize' as const, metric: 'eval/loss' } };
    const [, , em] = await renderCharts(min);
    expect(em.id).toBe('expected-max');
    expect(em.svg).toContain('expected lowest eval/loss');
    expect(renderReportHtml(min, { charts })).toContain('eval/loss (lower is better)');
  });
});

describe('templateFile', () => {
  it('finds the shipped templates', () => {
    expect(templateFile('report.html')).toBe(join(TEMPLATES_DIR, 'report.html'));
  });
  it('turns a missing template into a UsageError that says to reinstall', () => {
    expect(() => templateFile('report.html', '/nonexistent/templates')).toThrow(
      new UsageError(
        'template /nonexistent/templates/report.html is missing: reinstall kdlab (npm install kdlab) or restore templates/report.html',
      ),
    );
  });
});

describe('the header on real data', () => {
  const optuna = { ...model, results: { ...model.results, metric: 'value', filters: ['dataset = "mnist"'] } };

  it('warns prominently when the metric direction was guessed, and says how to set it', () => {
    const html = renderReportHtml(optuna, { charts: [] });
    expect(html).toMatch(
      /<p class="banner banner-warning" role="alert" data-testid="goal-note">[^<]*<strong>Check the direction\.<\/strong>[^<]*--goal minimize/,
    );
    const told = { ...optuna, meta: { ...optuna.meta, options: { ...optuna.meta.options, goal: 'maximize' } } };
    expect(renderReportHtml(told, { charts: [] })).not.toContain('goal-note');
    expect(renderReportHtml(model, { charts: [] })).not.toContain('goal-note');
  });

  it('lists the input, the filters and the design', () => {
    const view = buildReportView(optuna, []);
    expect(view.setup).toContainEqual({ label: 'input', value: 'runs.csv' });
    expect(view.setup).toContainEqual({ label: 'filters', value: 'dataset = "mnist"' });
    expect(view.design).toEqual(['design: independent samples (no --pair-by)']);
  });

  it("names the experiment's setup, the teacher's test accuracy and the program swept", () => {
    const about = {
      ...model,
      about: {
        description: 'Students see 100 labels. The teacher saw all.',
        program: 'train.py',
        command: 'python3 train.py --lr=0.1',
        teacherAccuracy: [0.9851],
      },
    };
    expect(buildReportView(about, []).about).toEqual([
      { label: 'setup', value: 'Students see 100 labels. The teacher saw all.' },
      { label: 'teacher test accuracy', value: '0.9851' },
      { label: 'program', value: 'train.py' },
      { label: 'command', value: 'python3 train.py --lr=0.1' },
    ]);
    expect(renderReportHtml(about, { charts: [] })).toContain('<dt>teacher test accuracy</dt><dd>0.9851</dd>');
    expect(buildReportView(model, []).about).toEqual([]);
  });

  it('keeps empty groups out of the best-by-group table (they stay in the runs table)', () => {
    const empty = { ...model.results.groups[0], name: 'only-failed', n: 0, empty: true };
    const withEmpty = { ...model, results: { ...model.results, groups: [...model.results.groups, empty] } };
    const view = buildReportView(withEmpty, []);
    expect(view.bestByGroup.map((g) => g.name)).not.toContain('only-failed');
    expect(view.runsByGroup.map((g) => g.name)).toContain('only-failed');
  });
});
