/**
 * LossVariant: how a student is distilled from its teacher.
 * s = student logits, t = teacher logits, C classes; see README "Loss variants" for the formulas.
 */
export const LOSS_VARIANTS = ['ce', 'kl-temperature', 'cosine-temperature', 'cosine-scaling', 'mse-logits'] as const;
export type LossVariant = (typeof LOSS_VARIANTS)[number];
