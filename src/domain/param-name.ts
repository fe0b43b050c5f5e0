/**
 * The student hyperparameters a distill run stores, by their canonical snake_case names. The one
 * list: sweep configs check their keys against it and the trainer resolves exactly these.
 */
export const PARAM_NAMES = [
  'loss',
  'w_hard',
  'w_soft',
  'temperature',
  'k',
  'learning_rate',
  'batch_size',
  'epochs',
  'student_hidden',
  'seed',
  'labelled',
] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
