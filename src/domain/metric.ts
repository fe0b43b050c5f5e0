/** Metric: a named value a sweep optimises and a report compares. */
export type Goal = 'maximize' | 'minimize';

export interface Metric {
  readonly name: string;
  readonly goal: Goal;
}

/** Hypothesis direction, named as in scipy: `greater` means H1: a > b. */
export type Alternative = 'two-sided' | 'less' | 'greater';
export const ALTERNATIVES = ['two-sided', 'less', 'greater'] as const satisfies readonly Alternative[];

/** The metric sweeps optimise unless told otherwise. */
export const DEFAULT_METRIC: Metric = { name: 'eval/accuracy', goal: 'maximize' };
