/**
 * Group names are user data: JavaScript built-in property names, line/paragraph separators and
 * markup must render as text, and must never reach a vega expression (where `constructor` resolves
 * to a built-in and U+2028 is an illegal token).
 */
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/analysis/model.js';
import { boxplotSpec } from '../../src/render/specs/boxplot.js';
import { comparisonIntervalSpec } from '../../src/render/specs/comparison-interval.js';
import { expectedMaxSpec } from '../../src/render/specs/expected-max.js';
import { renderSvg } from '../../src/render/svg.js';
import { model, renameGroups } from '../helpers/report-model.js';
import { farOutlierModel } from './hard-models.js';
import { HOSTILE_NAMES } from '../helpers/hostile-names.js';

const HOSTILE = HOSTILE_NAMES;

const specs = {
  boxplot: boxplotSpec,
  'comparison interval': comparisonIntervalSpec,
  'expected max': expectedMaxSpec,
} as const;

describe.each(
  HOSTILE.flatMap((a) =>
    HOSTILE.filter((b) => b !== a)
      .slice(0, 1)
      .map((b) => [a, b] as const),
  ),
)('groups %j and %j', (a, b) => {
  const m: ReportModel = renameGroups(model, { cosine: a, temperature: b });
  it.each(Object.keys(specs) as (keyof typeof specs)[])('the %s chart renders', async (name) => {
    const spec = specs[name](m);
    expect(spec).toBeDefined();
    const svg = await renderSvg(spec!);
    expect(svg).toMatch(/^<svg/);
  });
});

describe('many comparisons', () => {
  it('renders 1200 comparisons and 1200 groups (no nested expression per label)', async () => {
    const base = model.results.comparisons[0];
    const names = Array.from({ length: 1200 }, (_, i) => `g${i}`);
    const many: ReportModel = {
      ...model,
      results: {
        ...model.results,
        baseline: 'g0',
        groups: names.map((name, i) => ({ ...model.results.groups[0], name, mean: i / 1200 })),
        comparisons: names.slice(1).map((name) => ({ ...base, a: name, b: 'g0' })),
        expectedMax: {},
      },
      boxes: names.map((name) => ({ ...model.boxes[0], name, values: undefined })),
    };
    const interval = await renderSvg(comparisonIntervalSpec(many)!);
    expect(interval).toContain('g1199 − g0');
    const box = await renderSvg(boxplotSpec(many));
    expect(box).toContain('g1199');
  }, 60_000);
});

/** Every string a compiled vega spec evaluates as an expression. */
function expressions(node: unknown, key = ''): string[] {
  if (typeof node === 'string') return ['expr', 'signal', 'update', 'test', 'init'].includes(key) ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((v) => expressions(v, key));
  if (node !== null && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => expressions(v, k));
  return [];
}

describe('the edge counts and short labels', () => {
  it.each(HOSTILE)('keep %j out of every vega expression', async (name) => {
    // A far outlier draws the edge-count marks; a long second name forces shortened labels.
    const long = `${name}_${'x'.repeat(40)}_${name}`;
    const m = renameGroups(farOutlierModel, { temperature: name, cosine: long });
    const vl = await import('vega-lite');
    for (const spec of [boxplotSpec(m), comparisonIntervalSpec(m)!, expectedMaxSpec(m)!]) {
      const compiled = vl.compile(spec).spec;
      expect(expressions(compiled).length).toBeGreaterThan(0);
      for (const e of expressions(compiled)) expect(e).not.toContain(name);
      expect(await renderSvg(spec)).toMatch(/^<svg/);
    }
    expect(JSON.stringify(boxplotSpec(m))).toContain('◂ 1');
  });
});
