/**
 * kdlab's statistics engine: pure functions over number arrays, named like their scipy/R
 * counterparts, each returning a plain typed object. No I/O, no global state; every random choice
 * comes from a seed.
 *
 * Invalid-input contract: every function throws `StatsError` (src/errors.ts, exit code 2 at the
 * CLI) whose message starts with the function's name and says what to do, e.g.
 *   "ttestInd requires at least 2 values in each sample (got 1 in a)"
 *   "ttestInd found NaN at a[3]; remove missing values or pass nanPolicy: 'omit'"
 * Valid input for which a statistic is undefined (both samples constant) does not throw: the
 * result holds NaN and a `reason` string, as scipy returns nan.
 */
export { ttestInd } from './ttest-ind.js';
export type { TTestIndOptions, TTestIndResult } from './ttest-ind.js';
export { ttestRel } from './ttest-rel.js';
export type { TTestRelOptions, TTestRelResult } from './ttest-rel.js';
export { wilcoxon, WILCOXON_ZERO_METHODS, WILCOXON_EXACT_MAX_N } from './wilcoxon.js';
export type { WilcoxonOptions, WilcoxonResult, WilcoxonZeroMethod, WilcoxonMethod } from './wilcoxon.js';
export { cohensDz } from './cohens-dz.js';
export type { CohensDzOptions, CohensDzResult } from './cohens-dz.js';
export { describe } from './describe.js';
export type { DescribeResult } from './describe.js';
export { adjustPValues, P_ADJUST_METHODS } from './adjust-p-values.js';
export type { PAdjustMethod } from './adjust-p-values.js';
export { mannWhitneyU } from './mann-whitney-u.js';
export type { MannWhitneyUOptions, MannWhitneyUResult, MannWhitneyMethod } from './mann-whitney-u.js';
export { cohensD } from './cohens-d.js';
export type { EffectSizeOptions, EffectSizeResult } from './cohens-d.js';
export { hedgesG, hedgesCorrection } from './hedges-g.js';
export { powerTTest } from './power-t-test.js';
export type { PowerTTestOptions, PowerTTestResult, PowerTestType } from './power-t-test.js';
export { bootstrapCI } from './bootstrap-ci.js';
export type { BootstrapCIOptions, BootstrapCIResult, BootstrapMethod, SampleStatistic } from './bootstrap-ci.js';
export { expectedMax, expectedMaxCurve } from './expected-max.js';
export type { ExpectedMaxOptions, ExpectedMaxResult } from './expected-max.js';
export { probabilityOfImprovement } from './probability-of-improvement.js';
export type { ProbabilityOfImprovementOptions, ProbabilityOfImprovementResult } from './probability-of-improvement.js';
export type { NanPolicy } from './validate.js';
export { tCdf, tSf, tPpf, tPdf } from './special/t-distribution.js';
export { normCdf, normSf, normPpf, normPdf } from './special/normal.js';
export { nctCdf } from './special/noncentral-t.js';
