/**
 * The trainer registry: a sweep config's `trainer` names one (default `distill`).
 *  - distill: kdlab's TensorFlow.js distillation trainer (src/train), loaded lazily so sweeps, stores
 *    and `--help` never load TensorFlow.
 *  - fake: a fast deterministic objective for tests (see fake-trainer.ts).
 *  - command: the sweep's `program` (any language), once per run (see command/command-trainer.ts).
 */
import type { EpochLog } from '../domain/run.js';
import type { Trainer } from '../domain/trainer.js';
import { formatFixed } from '../render/format.js';
import type { Logger } from '../log/logger.js';
import { createRegistry } from '../util/registry.js';
import type { TrainerSettings } from './config.js';
import { createFakeTrainer } from './fake-trainer.js';
import { createCommandTrainer } from './command/command-trainer.js';

export type TrainerFactory = (settings: TrainerSettings, logger?: Logger) => Promise<Trainer>;

/** Least time between two teacher epoch lines in the log (see `onTeacherEpoch`). */
export const TEACHER_LOG_MS = 20_000;

// A computed specifier keeps the import lazy and out of the type graph of this module.
const TRAIN_MODULE = '../train/index.js';

const table = {
  distill: async (settings, logger) => {
    let logged = Date.now();
    const train = (await import(TRAIN_MODULE)) as { createTrainer(config: Record<string, unknown>): Promise<Trainer> };
    return train.createTrainer({
      dataset: settings.dataset ?? 'digits',
      ...(settings.dataDir ? { dataDir: settings.dataDir } : {}),
      ...(settings.teacher ? { teacher: settings.teacher } : {}),
      ...(settings.cacheDir ? { cacheDir: settings.cacheDir } : {}),
      ...(settings.backend ? { backend: settings.backend } : {}),
      ...(logger
        ? {
            logger,
            // A strong teacher trains for tens of minutes before the first run: an epoch's line when
            // TEACHER_LOG_MS have passed since the last (every epoch under --debug), so a teacher of
            // a few seconds stays quiet and one of half an hour shows that it moves.
            onTeacherEpoch: (l: EpochLog) => {
              const line = `teacher epoch ${l.epoch}: ${Object.entries(l)
                .filter(([k]) => k !== 'epoch')
                .map(([k, v]) => `${k} ${formatFixed(v)}`)
                .join(', ')}`;
              if (Date.now() - logged < TEACHER_LOG_MS) return logger.debug(line);
              logger.info(line);
              logged = Date.now();
            },
          }
        : {}),
    });
  },
  fake: () => Promise.resolve(createFakeTrainer()),
  command: (settings) => Promise.resolve(createCommandTrainer(settings.program ?? {})),
} satisfies Record<string, TrainerFactory>;

/** A config's `trainer` names one of the registry's keys; the names are derived from it, so they cannot drift. */
export type TrainerName = keyof typeof table;
export const TRAINER_NAMES = Object.keys(table) as [TrainerName, ...TrainerName[]];

export const trainers = createRegistry<TrainerFactory>('trainer', table);
