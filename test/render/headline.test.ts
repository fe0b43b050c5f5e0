import { describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../src/analysis/model.js';
import { headlineComparison } from '../../src/analysis/compare.js';
import { headlineSentence, sidedness } from '../../src/render/headline.js';
import { results } from '../helpers/report-model.js';

const base = results.comparisons[0];
const g = (name: string, mean: number) => ({ ...results.groups[0], name, mean });

describe('headline', () => {
  it('says which group is best and that the difference is real', () => {
    expect(headlineSentence(results)).toBe(
      "cosine is best by mean eval/accuracy (mean 0.878 vs 0.8559 for temperature), and the difference is real (Welch's t-test, one-sided, adjusted p = 0.0017 < 0.05).",
    );
  });

  it('says when the difference is not shown to be real, with the test that decided', () => {
    const r: ResultsJson = {
      ...results,
      comparisons: [
        { ...base, headlineTest: 'mannWhitney', significant: false, mannWhitney: { ...base.mannWhitney, pvalueAdjusted: 0.09 } },
      ],
    };
    expect(headlineSentence(r)).toBe(
      'cosine has the best mean eval/accuracy (mean 0.878 vs 0.8559 for temperature), but the difference is not shown to be real (Mann–Whitney U, one-sided, adjusted p = 0.09 ≥ 0.05).',
    );
  });

  it('gives a p-value below double precision as a bound: "p < 1e-16", never "p = < 1e-16"', () => {
    const r: ResultsJson = { ...results, comparisons: [{ ...base, welch: { ...base.welch, pvalueAdjusted: 1e-300 } }] };
    expect(headlineSentence(r)).toContain("(Welch's t-test, one-sided, adjusted p < 1e-16 < 0.05)");
    expect(headlineSentence(r)).not.toContain('= <');
  });

  it('names the baseline when the baseline itself is best', () => {
    const r: ResultsJson = {
      ...results,
      groups: [g('cosine', 0.8), g('temperature', 0.9)],
      comparisons: [{ ...base, significant: false }],
    };
    expect(headlineSentence(r)).toMatch(/^temperature \(the baseline\) has the best mean/);
  });

  it('ranks by the lowest mean when the goal is to minimise', () => {
    const r: ResultsJson = { ...results, goal: 'minimize', comparisons: [{ ...base, significant: false }] };
    expect(headlineSentence(r)).toMatch(
      /^temperature \(the baseline\) has the best mean eval\/accuracy \(mean 0.8559 vs 0.878 for cosine\)/,
    );
  });

  it('speaks of a lone group without inventing a comparison', () => {
    const r: ResultsJson = { ...results, groups: [g('only', 0.5)], comparisons: [] };
    expect(headlineComparison(r)).toBeUndefined();
    expect(headlineSentence(r)).toBe('only has the best mean eval/accuracy (0.5, n = 10); there is no other group to compare it with.');
  });

  it('states the hypothesis with the group names', () => {
    expect(sidedness('greater', 'a', 'b')).toBe('one-sided (H1: a > b)');
    expect(sidedness('two-sided', 'a', 'b')).toBe('two-sided (H1: a ≠ b)');
  });
});
