import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxplotSpec } from '../../src/render/specs/boxplot.js';
import { model } from '../helpers/report-model.js';
import { abbreviateLabels, fullNamesInSpec, fullNamesOf, groupAxisTitle } from '../../src/render/labels.js';

describe('abbreviateLabels', () => {
  it('leaves names that fit as they are', () => {
    const names = ['cosine', 'temperature'];
    expect([...abbreviateLabels(names).values()]).toEqual(names);
  });

  it('elides the parts every name shares, keeping the part that tells them apart', () => {
    const names = ['SkipEncoder3_Classifier', 'SkipEncoder1_Classifier', 'Encoder1_Classifier'];
    expect([...abbreviateLabels(names, 14).values()]).toEqual(['SkipEncoder3…', 'SkipEncoder1…', 'Encoder1…']);
    const prefixed = ['model=resnet_lr=0.001', 'model=resnet_lr=0.01'];
    expect([...abbreviateLabels(prefixed, 10).values()]).toEqual(['…0.001', '…0.01']);
  });

  it('keeps head and tail of a name still too long', () => {
    const label = abbreviateLabels(['a'.repeat(40) + 'X', 'b'], 11).get('a'.repeat(40) + 'X')!;
    expect(label).toBe('aaaaa…aaaaX');
  });

  it('falls back to the full names when shortening would make two read the same', () => {
    const names = ['abcdefghij-1-klmnopqrst', 'abcdefghij-2-klmnopqrst'];
    const labels = abbreviateLabels(names, 5);
    expect(new Set(labels.values()).size).toBe(2);
  });

  it('gives every distinct name a distinct label, short unless it must stay whole (fuzz)', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'B', '1', '_', '-', '.', ' ', 'é', '😀', '\u2028'), minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 12 }), fc.integer({ min: 4, max: 40 }), (names, max) => {
        const labels = abbreviateLabels(names, max);
        expect(new Set(names.map((n) => labels.get(n))).size).toBe(names.length);
        for (const n of names) {
          const label = labels.get(n)!;
          expect(label === n || [...label].length <= max).toBe(true);
          // No surrogate pair is split.
          expect(label).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        }
      }),
    );
  });
});

describe('groupAxisTitle', () => {
  it('names the group column, not the --group-pattern regex', () => {
    expect(groupAxisTitle('sweep ~ ^(cosine|temperature)$')).toBe('sweep');
    expect(groupAxisTitle('params.model')).toBe('params.model');
  });

  it("titles kdlab rerun's box plot axis by the sweep column", () => {
    const rerun = { ...model, results: { ...model.results, group: 'sweep ~ ^(cosine|temperature)$' } };
    const spec = boxplotSpec(rerun) as unknown as { encoding: { y: { title: string } } };
    expect(spec.encoding.y.title).toBe('sweep');
  });
});

describe('fullNamesOf / fullNamesInSpec', () => {
  it('lists [label, full name] only for labels that were shortened', () => {
    const short = abbreviateLabels(['run', `${'x'.repeat(40)}_a`]);
    expect(fullNamesOf(short)).toEqual([[short.get(`${'x'.repeat(40)}_a`), `${'x'.repeat(40)}_a`]]);
  });
  it('reads the pairs back from a spec, dropping anything that is not a pair of strings', () => {
    const spec = { usermeta: { fullNames: [['a…', 'abc'], ['b'], [1, 'x'], 'c', ['__proto__…', '__proto__x']] } };
    expect(fullNamesInSpec(spec)).toEqual([
      ['a…', 'abc'],
      ['__proto__…', '__proto__x'],
    ]);
    expect(fullNamesInSpec({})).toEqual([]);
  });
});
