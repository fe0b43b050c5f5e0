import { describe, expect, it } from 'vitest';
import { formatParams, varyingParams } from '../../src/render/params.js';

describe('varyingParams', () => {
  it('keeps the keys whose value differs between rows, in first-seen order', () => {
    expect(
      varyingParams([
        { lr: 0.1, batch: 64, opt: 'adam' },
        { lr: 0.01, batch: 64, opt: 'adam', extra: true },
      ]),
    ).toEqual(['lr', 'extra']);
  });
  it('keeps every key of a single row: there is nothing to tell apart', () => {
    expect(varyingParams([{ lr: 0.1, batch: 64 }])).toEqual(['lr', 'batch']);
  });
});

describe('formatParams', () => {
  it('writes k=v with numbers as formatNumber does and a missing value as a dash', () => {
    expect(formatParams({ lr: 0.000123456, opt: 'adam', wd: null, on: false, skip: 1 }, ['lr', 'opt', 'wd', 'on', 'absent'])).toBe(
      'lr=0.0001235, opt=adam, wd=—, on=false',
    );
  });
});
