import { describe, expect, test } from 'vitest';
import { powerTTest } from '../../src/stats/power-t-test.js';
import { expectClose, loadGolden } from './golden.js';

const r = loadGolden('r');
type Case = {
  solve: 'power' | 'n';
  n: number;
  delta: number;
  sd: number;
  sigLevel: number;
  type: string;
  alternative: 'two-sided' | 'one-sided';
  strict: boolean;
  power: number;
};

describe('powerTTest matches R power.t.test (rtol 1e-9; n solved with uniroot tol 1e-13 in R)', () => {
  for (const c of r.powerTTest as Case[]) {
    const type = c.type.replace('.', '-') as 'two-sample' | 'one-sample' | 'paired';
    test(`${c.solve} · ${type} · ${c.alternative}${c.strict ? ' · strict' : ''} · delta ${c.delta}${c.solve === 'power' ? ` · n ${c.n}` : ` · power ${c.power}`}`, () => {
      const base = { delta: c.delta, sd: c.sd, sigLevel: c.sigLevel, type, alternative: c.alternative, strict: c.strict };
      if (c.solve === 'power') expectClose(powerTTest({ ...base, n: c.n }).power, c.power, 'power');
      else expectClose(powerTTest({ ...base, power: c.power }).n, c.n, 'n');
    });
  }
  for (const c of r.powerUnequal as { nA: number; nB: number; delta: number; alternative: 'two-sided' | 'one-sided'; power: number }[]) {
    test(`unequal groups ${c.nA} vs ${c.nB} · delta ${c.delta} · ${c.alternative}`, () => {
      expectClose(powerTTest({ n: c.nA, nB: c.nB, delta: c.delta, alternative: c.alternative }).power, c.power, 'power');
    });
  }
});

describe('powerTTest contract', () => {
  test('JSDoc examples', () => {
    expectClose(powerTTest({ n: 20, delta: 1 }).power, 0.86895280169249778, 'power', 1e-12);
    expectClose(powerTTest({ delta: 0.5, power: 0.8 }).n, 63.765763724846089, 'n', 1e-9);
  });
  test('exactly one of n and power', () => {
    expect(() => powerTTest({ delta: 0.5 })).toThrow('powerTTest needs exactly one of n (to compute power) and power (to compute n)');
    expect(() => powerTTest({ delta: 0.5, n: 10, power: 0.8 })).toThrow(/^powerTTest needs exactly one/);
  });
  test('power grows with n', () => {
    const p = [5, 10, 20, 40].map((n) => powerTTest({ n, delta: 0.5 }).power);
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThan(p[i - 1]);
  });
});
