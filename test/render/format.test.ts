import { describe, expect, it } from 'vitest';
import { formatDf, formatInterval, formatNumber, formatP, formatPercent, pClause, formatColumn } from '../../src/render/format.js';

describe('format', () => {
  it('shows four significant digits with a typographic minus', () => {
    expect(formatNumber(0.87346)).toBe('0.8735');
    expect(formatNumber(-0.0221)).toBe('−0.0221');
    expect(formatNumber(123456)).toBe('123500');
    expect(formatNumber(0)).toBe('0');
  });
  it('uses exponents only for extreme magnitudes', () => {
    expect(formatNumber(0.0000123)).toBe('1.23e−5');
    expect(formatNumber(2.5e7)).toBe('2.5e7');
  });
  it('never shows NaN: a dash for missing, ±∞ for infinite', () => {
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatInterval([0.01125, Infinity])).toBe('[0.01125, ∞]');
    expect(formatInterval([-Infinity, -0.5])).toBe('[−∞, −0.5]');
  });
  it('shows p-values with two significant digits, tiny ones in exponent form', () => {
    expect(formatP(0.0017)).toBe('0.0017');
    expect(formatP(0.04949)).toBe('0.049');
    expect(formatP(0.35)).toBe('0.35');
    expect(formatP(0.020543, 4)).toBe('0.02054');
    expect(formatP(3.2e-7, 4)).toBe('3.200e−7');
    expect(formatP(1)).toBe('1');
    expect(formatP(0.000011)).toBe('1.1e−5');
  });
  it('shows Welch df to two decimals and Student df as an integer', () => {
    expect(formatDf(19)).toBe('19');
    expect(formatDf(12.0812)).toBe('12.08');
  });
  it('shows proportions as percentages', () => {
    expect(formatPercent(0.93636)).toBe('93.6%');
  });
});

describe('p-values below double precision', () => {
  it('read as a bound, never as "0" and never as "= <"', () => {
    expect(formatP(1e-300)).toBe('< 1e-16');
    expect(formatP(0)).toBe('< 1e-16');
    expect(pClause('p', formatP(1e-300))).toBe('p < 1e-16');
    expect(pClause('adjusted p', formatP(0.0017))).toBe('adjusted p = 0.0017');
  });
});

describe('formatColumn', () => {
  it('gives a column of everyday numbers one number of decimals', () => {
    expect(formatColumn([0.9, 12.34567, 0.0123])).toEqual(['0.9000', '12.3457', '0.0123']);
  });
  it('writes the whole column in exponent form when one value is tiny, with ∞ and a dash for NaN', () => {
    expect(formatColumn([0.9, 1.2e-7, Infinity, NaN])).toEqual(['9.000e−1', '1.200e−7', '∞', '—']);
  });
  it('writes negatives with the typographic minus, as formatNumber does', () => {
    expect(formatColumn([-0.0123, 0.5, -Infinity])).toEqual(['−0.0123', '0.5000', '−∞']);
    expect(formatColumn([-2.5e-6, 3e5])).toEqual(['−2.500e−6', '3.000e5']);
    expect(formatColumn([-0.0123])[0][0]).toBe(formatNumber(-0.0123)[0]);
  });
});
