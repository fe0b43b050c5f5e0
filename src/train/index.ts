/**
 * Training: teacher and student distillation over TensorFlow.js. The only part of kdlab that
 * imports tfjs. Entry point: createTrainer(config) → Trainer; see trainer.ts for the stages.
 */
export { createTrainer, liveTensors, DEFAULT_CACHE_DIR } from './trainer.js';
export type { TrainerConfig, KdTrainer, StudentRunResult, SplitConfig } from './trainer.js';
export { selectBackend, BACKEND_CHOICES, backendChoices } from './backend.js';
export type { BackendChoice, BackendInfo } from './backend.js';
export { resolveParams, toParams, PARAM_DEFAULTS, PARAM_NAMES } from './params.js';
export type { StudentParams } from './params.js';
export { losses } from './losses/index.js';
export type { LossFn, LossOptions } from './losses/index.js';
export { TEACHER_DEFAULTS, resolveTeacherConfig, teacherKey, loadTeacherModel } from './teacher.js';
export type { TeacherConfig, TeacherMeta } from './teacher.js';
export { loadDataset, splitDataset } from './data/index.js';
export type { DatasetSpec, RawDataset, Splits } from './data/index.js';
