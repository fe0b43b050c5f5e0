import { describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { chartSpecs, renderCharts } from '../../src/render/charts.js';
import { assertInertSvg, prefixIds, renderSvg, titleLabels } from '../../src/render/svg.js';
import { boxplotSpec, whiskerDomain } from '../../src/render/specs/boxplot.js';
import { FAR_OUTLIER, farOutlierModel, LONG_NAMES, longLabelModel } from './hard-models.js';
import { LocalLogger } from '../../src/log/logger.js';
import { InternalError } from '../../src/errors.js';
import { model, renameGroups } from '../helpers/report-model.js';
import { abbreviateLabels } from '../../src/render/labels.js';
import { normalizeSvg, writeChangedCopy } from '../helpers/normalize-svg.js';

const MALICIOUS = '<img src=x onerror=alert(1)>';

describe('renderSvg: chart snapshots', () => {
  for (const chart of chartSpecs(model)) {
    it(`draws ${chart.id} as its golden`, async () => {
      const logger = new LocalLogger();
      const svg = normalizeSvg(await renderSvg(chart.spec, { seed: 1, idPrefix: chart.id, logger }));
      expect(logger.warns).toEqual([]);
      const golden = fileURLToPath(new URL(`./__snapshots__/${chart.id}.svg`, import.meta.url));
      writeChangedCopy(golden, svg);
      await expect(svg).toMatchFileSnapshot(golden);
    });
  }
});

describe('renderSvg', () => {
  it('renders the same SVG for the same seed', async () => {
    const spec = boxplotSpec(model, { seed: 3 });
    expect(await renderSvg(spec, { seed: 3 })).toBe(await renderSvg(spec, { seed: 3 }));
  });

  const circles = (svg: string) => {
    const layer = /class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    return (layer.match(/<path /g) ?? []).length;
  };

  it('draws one circle per run when the model carries the values', async () => {
    const runs = model.boxes.reduce((s, b) => s + (b.values?.length ?? 0), 0);
    expect(runs).toBe(21);
    expect(circles(await renderSvg(boxplotSpec(model)))).toBe(runs);
  });

  it('draws only the outliers of groups too large to draw run by run', async () => {
    const large = { ...model, boxes: model.boxes.map(({ values: _values, ...b }) => b) };
    expect(circles(await renderSvg(boxplotSpec(large)))).toBe(1);
  });

  it('keeps a malicious group name as escaped text', async () => {
    const charts = await renderCharts(renameGroups(model, { temperature: MALICIOUS }));
    for (const chart of charts) {
      expect(chart.svg).not.toContain('<img');
      expect(chart.svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it("keeps the chart libraries' warnings off the console, in the debug log", async () => {
    // A header-only table gives empty groups: vega warns "Infinite extent" for every scale.
    const empty = { ...model, boxes: [], results: { ...model.results, groups: [] } };
    const console_ = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    const logger = new LocalLogger();
    try {
      await renderSvg(boxplotSpec(empty), { logger });
      for (const spy of console_) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of console_) spy.mockRestore();
    }
    expect(logger.warns).toEqual([]);
    expect(logger.debugs.some((d) => d.startsWith('chart: ') && d.includes('Infinite extent'))).toBe(true);
  });

  it('prefixes ids and their references so charts can share a page', () => {
    const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
    expect(prefixIds(svg, 'box')).toBe(
      '<svg><defs><clipPath id="box-clip1"><rect/></clipPath></defs><g clip-path="url(#box-clip1)"><use href="#box-clip1"/></g></svg>',
    );
    expect(() => prefixIds(svg, '"><script>')).toThrow(InternalError);
  });
});

describe('assertInertSvg', () => {
  it('accepts markup text inside escaped attribute values and text', () => {
    expect(() => assertInertSvg('<svg><g aria-label="x onerror=alert(1)"><text>&lt;img onerror=1&gt;</text></g></svg>')).not.toThrow();
  });
  it.each([
    ['a script element', '<svg><script>alert(1)</script></svg>'],
    ['an event handler', '<svg><g onload="alert(1)"></g></svg>'],
    ['a foreignObject', '<svg><foreignObject><div/></foreignObject></svg>'],
    ['an external link', '<svg><use href="https://example.com/x.svg#a"/></svg>'],
    ['an img element', '<svg><img src=x></svg>'],
  ])('rejects %s', (_, svg) => {
    expect(() => assertInertSvg(svg)).toThrow(/active content/);
  });
});

describe('renderSvg: charts that survive real data', () => {
  const golden = (name: string) => fileURLToPath(new URL(`./__snapshots__/${name}.svg`, import.meta.url));

  it('follows the whiskers when one run lies far below every box, and counts it at the edge', async () => {
    const spec = boxplotSpec(farOutlierModel);
    const svg = normalizeSvg(await renderSvg(spec, { seed: 1, idPrefix: 'boxplot' }));
    writeChangedCopy(golden('boxplot-far-outlier'), svg);
    await expect(svg).toMatchFileSnapshot(golden('boxplot-far-outlier'));
    const domain = whiskerDomain(farOutlierModel.boxes)!;
    expect(domain[0]).toBeGreaterThan(FAR_OUTLIER);
    expect(domain[0]).toBeLessThanOrEqual(Math.min(...farOutlierModel.boxes.map((b) => b.whiskerLow)));
    // The count sits on the low edge, as text.
    expect(svg).toContain('◂ 1');
    // The boxes take a fair share of the width, not a sliver: their widest span covers most of the axis.
    const boxes = farOutlierModel.boxes;
    const whiskerSpan = Math.max(...boxes.map((b) => b.whiskerHigh)) - Math.min(...boxes.map((b) => b.whiskerLow));
    expect(whiskerSpan / (domain[1] - domain[0])).toBeGreaterThan(0.8);
  });

  it('spreads far outliers on a log axis with --scale log, and pins nothing', async () => {
    const spec = boxplotSpec(farOutlierModel, { scale: 'log' });
    const svg = await renderSvg(spec, { seed: 1 });
    expect(svg).not.toContain('◂');
    expect(svg).toContain('(log scale)');
    expect(JSON.stringify(spec)).toContain('"type":"log"');
  });

  it('stays linear with --scale log when a value is not positive', () => {
    const negative = {
      ...farOutlierModel,
      boxes: farOutlierModel.boxes.map((b) => ({ ...b, outliers: [-1], values: [...(b.values ?? []), -1] })),
    };
    expect(JSON.stringify(boxplotSpec(negative, { scale: 'log' }))).not.toContain('"type":"log"');
  });

  it('keeps every chart of the ordinary model unpinned', () => {
    const all = model.boxes.map((b) => ({ ...b, outliers: [], values: b.values?.filter((v) => v > 0.84) }));
    expect(whiskerDomain(all)).toBeUndefined();
  });

  for (const chart of chartSpecs(longLabelModel)) {
    it(`labels long names uniquely in ${chart.id}, with the full name in the data`, async () => {
      const svg = normalizeSvg(await renderSvg(chart.spec, { seed: 1, idPrefix: chart.id }));
      const name = `${chart.id}-long-labels`;
      writeChangedCopy(golden(name), svg);
      await expect(svg).toMatchFileSnapshot(golden(name));
      // Shortened labels are drawn, and no two read the same.
      const shortened = [...svg.matchAll(/<text[^>]*>(?:\n?<title>[^<]*<\/title>)?([^<]*…[^<]*)<\/text>/g)].map((m) => m[1]);
      expect(shortened.length).toBeGreaterThanOrEqual(3);
      expect(new Set(shortened).size).toBe(shortened.length);
      for (const full of Object.values(LONG_NAMES)) expect(JSON.stringify(chart.spec)).toContain(full);
    });
  }
});

describe('renderSvg: full names on hover for shortened labels', () => {
  /** [title, label] of every <text> that carries a <title>. */
  const titled = (svg: string) => [...svg.matchAll(/<text\b[^>]*><title>([^<]*)<\/title>([^<]*)<\/text>/g)].map((m) => [m[1], m[2]]);

  for (const chart of chartSpecs(longLabelModel)) {
    it(`gives every shortened label in ${chart.id} its full name as the first child of its <text>`, async () => {
      const svg = await renderSvg(chart.spec, { seed: 1, idPrefix: chart.id });
      const pairs = titled(svg);
      expect(pairs.length).toBeGreaterThanOrEqual(3);
      for (const [full, label] of pairs) {
        expect(label).toContain('…');
        for (const part of full.split(' − ')) expect(Object.values(LONG_NAMES)).toContain(part);
      }
      // Every long name is reachable on hover.
      const titles = pairs.map(([full]) => full).join('\n');
      for (const full of Object.values(LONG_NAMES)) expect(titles).toContain(full);
    });
  }

  it('adds no title where no label was shortened', async () => {
    for (const chart of chartSpecs(model)) expect(await renderSvg(chart.spec, { seed: 1 })).not.toContain('<title>');
  });

  it('titles only the shortened label when one name is long and one short, and escapes a hostile full name', async () => {
    const hostile = `<script>alert(1)</script>_${'x'.repeat(40)}`;
    const mixed = renameGroups(model, { cosine: hostile, temperature: 'short & "plain"' });
    const label = abbreviateLabels([hostile, 'short & "plain"']).get(hostile)!;
    expect(label).not.toBe(hostile);
    const svg = await renderSvg(chartSpecs(mixed)[0].spec, { seed: 1 });
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(titled(svg)).toEqual([[escape(hostile), escape(label)]]);
    expect(svg).toContain('>short &amp; "plain"</text>');
    expect(svg).not.toContain('<script');
  });
});

describe('titleLabels', () => {
  it('matches a label exactly as vega escaped it, and leaves other text alone', () => {
    const svg = '<g><text x="1">a &amp; b…</text><text>a &amp; b… more</text><text><tspan>a &amp; b…</tspan></text></g>';
    expect(titleLabels(svg, [['a & b…', 'a & b </title><script>']])).toBe(
      '<g><text x="1"><title>a &amp; b &lt;/title&gt;&lt;script&gt;</title>a &amp; b…</text><text>a &amp; b… more</text><text><tspan>a &amp; b…</tspan></text></g>',
    );
  });
});
