import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { specText } from '../../../src/render/specs/text.js';

/** Builds a one-mark chart with `title` on its axis; throws what Vega throws. */
function buildWithAxisTitle(title: string): void {
  const spec = compile({
    data: { values: [{ v: 1 }, { v: 2 }] },
    mark: 'tick',
    encoding: { x: { field: 'v', type: 'quantitative', title }, tooltip: [{ field: 'v', type: 'quantitative', title }] },
  }).spec;
  new vega.View(vega.parse(spec), { renderer: 'none' }).finalize();
}

describe('specText', () => {
  const members = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];
  it('an Object.prototype member as a raw axis title breaks Vega (the reason for specText)', () => {
    expect(() => buildWithAxisTitle('constructor')).toThrow(/Operator not defined/);
  });
  it.each(members)('%s as an axis title builds once passed through specText, reading the same', (name) => {
    expect(() => buildWithAxisTitle(specText(name))).not.toThrow();
    expect(specText(name).replace('\u200b', '')).toBe(name);
  });
  it('turns line breaks into spaces (they end a generated string literal)', () => {
    expect(specText('a\u2028b\u2029c\nd\re')).toBe('a b c d e');
  });
  it.each(['\\', 'a\\', 'a\nb', 'x\u2028'])('%j as an axis and tooltip title builds once passed through specText', (t) => {
    expect(() => buildWithAxisTitle(specText(t))).not.toThrow();
  });
  it('writes a backslash as its look-alike, so it never escapes a generated quote', () => {
    expect(specText('a\\b')).toBe('a\u29f5b');
  });
  it('leaves every other text unchanged', () => {
    for (const t of ['eval/accuracy', 'sweep', '__proto__x', '', 'é <b>']) expect(specText(t)).toBe(t);
  });
});
