/**
 * Report models shaped like the real exports that broke the charts: one run far below every box,
 * and long names that differ only in a digit (synthetic, in the style of an MLflow export's
 * `params.model`). Built from the small model in test/helpers so their statistics stay consistent.
 */
import type { ReportModel } from '../../src/analysis/model.js';
import { model, renameGroups, TEMPERATURE } from '../helpers/report-model.js';

/** One temperature run at 0.1, every box near 0.87. */
export const FAR_OUTLIER = 0.1;

export const farOutlierModel: ReportModel = {
  ...model,
  title: 'One run far below the rest',
  results: {
    ...model.results,
    groups: model.results.groups.map((g) => (g.name === 'temperature' ? { ...g, min: FAR_OUTLIER } : g)),
  },
  boxes: model.boxes.map((b) =>
    b.name === 'temperature' ? { ...b, outliers: [FAR_OUTLIER], values: TEMPERATURE.map((v) => (v === 0.801 ? FAR_OUTLIER : v)) } : b,
  ),
};

export const LONG_NAMES = {
  cosine: 'ConditionalAutoencoder_SkipEncoder3_Classifier_pklot_n1024',
  temperature: 'ConditionalAutoencoder_SkipEncoder1_Classifier_pklot_n1024',
  third: 'ConditionalAutoencoder_Encoder1_Classifier_pklot_n1024',
} as const;

/** Three groups with long, nearly equal names and three comparisons between them. */
export const longLabelModel: ReportModel = (() => {
  const renamed = renameGroups(model, LONG_NAMES);
  const [first, second] = renamed.results.groups;
  const [boxA, boxB] = renamed.boxes;
  const [comparison] = renamed.results.comparisons;
  const third = LONG_NAMES.third;
  return {
    ...renamed,
    title: 'Encoders with long names',
    results: {
      ...renamed.results,
      groups: [first, second, { ...first, name: third }],
      comparisons: [
        comparison,
        { ...comparison, b: third, significant: false },
        { ...comparison, a: LONG_NAMES.temperature, b: third, significant: false },
      ],
      expectedMax: { ...renamed.results.expectedMax, [third]: renamed.results.expectedMax[LONG_NAMES.cosine] },
    },
    boxes: [boxA, boxB, { ...boxA, name: third }],
  };
})();
