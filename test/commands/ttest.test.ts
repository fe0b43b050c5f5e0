import { describe, expect, it } from 'vitest';
import { ttest } from '../../src/commands/ttest.js';
import { UsageError } from '../../src/errors.js';
import { createTestContext } from '../helpers/context.js';

const sample = new URL('../../fixtures/runs/sample-runs.csv', import.meta.url).pathname;
const base = { file: sample, group: 'Sweep', metric: 'eval/accuracy', a: 'cosine-scaling-fixed-k', b: 'temperature' };

describe('ttest (command function)', () => {
  it("prints scipy's TtestResult line with the method and CI", async () => {
    const context = createTestContext();
    expect(await ttest({ ...base, alternative: 'greater' }, context)).toBe(0);
    // scipy.stats.ttest_ind(a, b, alternative="greater") on the finished runs: statistic 1.7542, pvalue 0.04022, df 294
    expect(context.out()).toBe(
      "Student's t-test (greater): statistic=1.7542, pvalue=0.04022, df=294, 95% CI [9.374e-4, ∞] for mean(cosine-scaling-fixed-k) − mean(temperature)\n",
    );
  });
  it('prints JSON with --json, Welch with --welch', async () => {
    const context = createTestContext();
    await ttest({ ...base, welch: true, alternative: 'greater', json: true }, context);
    const r = JSON.parse(context.out()) as { pvalue: number; ci: [number | null, number | null] };
    expect(r).toMatchObject({ a: 'cosine-scaling-fixed-k', b: 'temperature', method: 'welch', alternative: 'greater' });
    expect(r.pvalue).toBeCloseTo(0.022531401899992982, 12);
    expect(r.ci[1]).toBeNull();
  });
  it('rejects an unknown group with near misses', async () => {
    await expect(ttest({ ...base, b: 'temprature' }, createTestContext())).rejects.toThrowError(UsageError);
    await expect(ttest({ ...base, b: 'temprature' }, createTestContext())).rejects.toThrowError(
      /--b: no group "temprature".*did you mean "temperature"/,
    );
  });
});
