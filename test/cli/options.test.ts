import fc from 'fast-check';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseList, parseNumber } from '../../src/cli/options.js';
import { quote } from '../../src/errors.js';

describe('parseNumber', () => {
  it('accepts what Number reads as finite, inside the bounds', () => {
    expect(parseNumber('--top', { min: 1, integer: true })('3')).toBe(3);
    expect(parseNumber('--alpha', { min: 0, max: 1 })('0.05')).toBe(0.05);
  });
  it('names the flag and the value in one line when it rejects', () => {
    expect(() => parseNumber('--top', { min: 1 })('0')).toThrow(new InvalidArgumentError('--top must be ≥ 1, got 0.'));
    expect(() => parseNumber('--k', { max: 1 })('2')).toThrow(new InvalidArgumentError('--k must be ≤ 1, got 2.'));
    expect(() => parseNumber('--seeds', { integer: true })('2.5')).toThrow(
      new InvalidArgumentError('--seeds must be an integer, got 2.5.'),
    );
    expect(() => parseNumber('--agents')('')).toThrow(new InvalidArgumentError('--agents must be a number, got "".'));
    expect(() => parseNumber('--agents')('Infinity')).toThrow(new InvalidArgumentError('--agents must be a number, got "Infinity".'));
  });
  it('any string: returns a finite number within the bounds, or throws InvalidArgumentError naming the flag', () => {
    const parse = parseNumber('--n', { min: -5, max: 5, integer: true });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String)), (s) => {
        try {
          const n = parse(s);
          expect(Number.isInteger(n) && n >= -5 && n <= 5).toBe(true);
          expect(n).toBe(Number(s));
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidArgumentError);
          expect((err as Error).message).toMatch(/^--n must be /);
        }
      }),
    );
  });
});

describe('parseList', () => {
  it('splits on commas, trims, and drops blanks', () => {
    expect(parseList(' a, b,,c ,')).toEqual(['a', 'b', 'c']);
  });
  it('any string: no item is blank or padded, and joining them back loses only commas and blanks', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const items = parseList(s);
        for (const item of items) expect(item).toBe(item.trim());
        for (const item of items) expect(item).not.toBe('');
        for (const item of items) expect(item).not.toContain(',');
        expect(items.join('').replace(/\s/g, '')).toBe(s.replace(/[,\s]/g, ''));
      }),
    );
  });
});

describe('quote (user values in one-line messages)', () => {
  it('quotes short values as JSON and cuts long ones, saying how long they were', () => {
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('x'.repeat(80))).toBe(JSON.stringify('x'.repeat(80)));
    expect(quote('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(80)}…" (1000000 characters)`);
    expect(quote([1, 2])).toBe('[1,2]');
    expect(() => parseNumber('--n', { min: 1 })(`0.${'0'.repeat(100_000)}1`)).toThrow(
      new InvalidArgumentError(`--n must be ≥ 1, got "0.${'0'.repeat(78)}…" (100003 characters).`),
    );
    expect(() => parseNumber('--n', { min: 1 })('\n0\n')).toThrow(new InvalidArgumentError('--n must be ≥ 1, got "\\n0\\n".'));
    expect(() => parseNumber('--n')('z'.repeat(100_000))).toThrow(
      new InvalidArgumentError(`--n must be a number, got "${'z'.repeat(80)}…" (100000 characters).`),
    );
  });
  it('any string: one line, bounded, line and paragraph separators escaped', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), fc.integer({ min: 1, max: 100 }), (s, max) => {
        const q = quote(`${s}\u2028\n`, max);
        expect(q).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
        expect(q.length).toBeLessThanOrEqual(6 * (max + 2) + 40);
      }),
    );
  });
});
