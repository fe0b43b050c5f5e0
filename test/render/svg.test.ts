import { describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { chartSpecs, renderCharts } from '../../src/render/charts.js';
import { assertInertSvg, prefixIds, renderSvg } from '../../src/render/svg.js';
import { boxplotSpec } from '../../src/render/specs/boxplot.js';
import { LocalLogger } from '../../src/log/logger.js';
import { InternalError } from '../../src/errors.js';
import { model, renameGroups } from '../helpers/report-model.js';
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
