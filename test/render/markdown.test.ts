import { describe, expect, it } from 'vitest';
import { md, renderMarkdown } from '../../src/render/markdown.js';
import { BEST_RUNS, model, renameGroups, withBestRuns } from '../helpers/report-model.js';

describe('renderMarkdown', () => {
  const text = renderMarkdown(model);

  it('starts with the title and the headline', () => {
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# Cosine vs temperature scaling',
      '',
      "**cosine is best by mean eval/accuracy (mean 0.878 vs 0.8559 for temperature), and the difference is real (Welch's t-test, one-sided, adjusted p = 0.0017 < 0.05).**",
    ]);
  });

  it('has the best-by-group, runs-by-group and comparison tables', () => {
    expect(text).toContain('| group | n | best | mean | sd | median | q1 | q3 | min | max |');
    // One precision per column, as in the terminal and the HTML (the sd 0.00627 would read 0.0063).
    expect(text).toContain('| cosine | 10 | 0.8880 | 0.8780 | 0.0063 | 0.8780 | 0.8725 | 0.8825 | 0.8690 | 0.8880 |');
    expect(text).toContain('| temperature (baseline) | 11 | 0.8720 | 0.8559 | 0.0193 | 0.8610 | 0.8540 | 0.8670 | 0.8010 | 0.8720 |');
    expect(text).toContain('| temperature (baseline) | 11 | 0 | 3 | 14 |');
    expect(text).toContain(
      "| cosine | temperature (baseline) | 10 / 11 | Welch's t-test | one-sided | 3.618 | 12.08 | 0.0017 | 0.0017 | [0.01125, ∞] | 1.46 [0.485, 2.43] | 93.6% | real |",
    );
    expect(text).toContain('| :-- | :-- | --: | :-- | :-- | --: | --: | --: | --: | --: | --: | --: | :-- |');
    expect(text).toContain(
      '- cosine is more accurate than temperature (Welch, one-sided, p = 0.0017 < 0.05). (one-sided (H1: cosine > temperature)',
    );
  });

  it("names each group's best run and the hyperparameters that differ, escaped", () => {
    const withRuns = renderMarkdown(
      withBestRuns(model, { ...BEST_RUNS, temperature: { name: 'a|b_c', params: { lr: 0.0003, batch: 64 } } }),
    );
    expect(withRuns).toContain('| group | n | best | mean | sd | median | q1 | q3 | min | max | best run | its hyperparameters |');
    expect(withRuns).toContain('| 0.8690 | 0.8880 | misty-meadow-4 | lr=0.001, schedule=cosine |');
    expect(withRuns).toContain('| a\\|b\\_c | lr=0.0003 |');
    expect(withRuns).toContain('| :-- | --: | --: | --: | --: | --: | --: | --: | --: | --: | :-- | :-- |');
  });

  it('ends with provenance: command, version, input hash and time', () => {
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      `\`kdlab report runs.csv --baseline temperature --alternative greater\` · kdlab 0.1.0 · input \`runs.csv\` (sha256 \`${'a'.repeat(64)}\`) · 2026-11-29T03:12:45.000Z`,
    );
  });

  it('escapes names that would break a table or inject HTML', () => {
    const out = renderMarkdown(renameGroups(model, { temperature: 'a|b <img src=x onerror=alert(1)>' }));
    expect(out).toContain('a\\|b &lt;img src=x onerror=alert(1)>');
    expect(out).not.toContain('<img');
    expect(md('p < 0.05 & *bold* [link](x)')).toBe('p < 0.05 & \\*bold\\* \\[link\\](x)');
  });
  it('gives the headline test in the table and the other kind of test beside each sentence', () => {
    expect(text).toContain('(one-sided (H1: cosine > temperature); Mann–Whitney U = 103, adjusted p = 0.00011)');
    const mw = renderMarkdown({
      ...model,
      results: { ...model.results, comparisons: model.results.comparisons.map((c) => ({ ...c, headlineTest: 'mannWhitney' as const })) },
    });
    expect(mw).toContain('| cosine | temperature (baseline) | 10 / 11 | Mann–Whitney U | one-sided | 103 | — | 0.00011 | 0.00011 | — |');
    expect(mw).toContain(
      "(one-sided (H1: cosine > temperature); Student's t = 3.479, adjusted p = 0.0013; Welch's t = 3.618, adjusted p = 0.0017)",
    );
  });
});
