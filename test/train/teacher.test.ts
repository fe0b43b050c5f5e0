import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { LocalLogger } from '../../src/log/logger.js';
import { selectBackend, type BackendInfo } from '../../src/train/backend.js';
import type { Splits } from '../../src/train/data/dataset.js';
import { disposeDevice, toDevice, type DeviceExamples } from '../../src/train/fit.js';
import {
  loadOrTrainTeacher,
  resolveTeacherConfig,
  scoreLogits,
  TEACHER_DEFAULTS,
  teacherKey,
  type ResolvedTeacherConfig,
  type TeacherInput,
} from '../../src/train/teacher.js';
import { separable } from '../helpers/separable.js';

describe('resolveTeacherConfig', () => {
  it('fills the defaults', () => {
    expect(resolveTeacherConfig()).toEqual({ ...TEACHER_DEFAULTS, hidden: [...TEACHER_DEFAULTS.hidden] });
  });
  it('keeps what is given', () => {
    expect(resolveTeacherConfig({ hidden: [16], epochs: 3, dropout: 0 })).toMatchObject({ hidden: [16], epochs: 3, dropout: 0 });
  });
  it('a CNN gets a kernel that fits the image (5 from 20 pixels, else 3) and 16 filters', () => {
    expect(resolveTeacherConfig({ arch: 'cnn' }, [28, 28, 1])).toMatchObject({ arch: 'cnn', conv_kernel: 5, conv_filters: 16 });
    expect(resolveTeacherConfig({ arch: 'cnn' }, [8, 8, 1])).toMatchObject({ conv_kernel: 3 });
  });
  it('an MLP config has no arch field, so MLP teachers keep their cache keys', () => {
    expect(resolveTeacherConfig({ arch: 'mlp' })).not.toHaveProperty('arch');
  });
  it('an ensemble of 1 is a single teacher, with its key', () => {
    expect(resolveTeacherConfig({ ensemble: 1 })).not.toHaveProperty('ensemble');
    expect(resolveTeacherConfig({ ensemble: 3 })).toMatchObject({ ensemble: 3 });
  });
  const bad: [string, Parameters<typeof resolveTeacherConfig>, string][] = [
    ['a hidden size of 0', [{ hidden: [16, 0] }], 'teacher hidden sizes must be positive integers, got [16,0]'],
    ['a fractional hidden size', [{ hidden: [1.5] }], 'teacher hidden sizes must be positive integers, got [1.5]'],
    ['0 epochs', [{ epochs: 0 }], 'teacher epochs must be an integer ≥ 1, got 0'],
    ['dropout 1', [{ dropout: 1 }], 'teacher dropout must be in [0, 1), got 1'],
    ['an unknown architecture', [{ arch: 'rnn' as 'mlp' }], 'unknown teacher architecture "rnn"; valid: mlp, cnn'],
    [
      'a kernel as large as the image',
      [{ arch: 'cnn', conv_kernel: 8 }, [8, 8, 1]],
      'teacher conv_kernel must be an integer from 1 to 7, got 8',
    ],
    ['0 filters', [{ arch: 'cnn', conv_filters: 0 }], 'teacher conv_filters must be an integer ≥ 1, got 0'],
    ['an ensemble of 0', [{ ensemble: 0 }], 'teacher ensemble must be an integer from 1 to 20, got 0'],
    ['an ensemble of 21', [{ ensemble: 21 }], 'teacher ensemble must be an integer from 1 to 20, got 21'],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with one line`, () => {
      expect(() => resolveTeacherConfig(...args)).toThrow(new UsageError(message));
    });
  }
});

describe('teacherKey', () => {
  const config = resolveTeacherConfig({ hidden: [8], epochs: 2 });
  const split = { seed: 0, validation: 0.2 };
  const key = teacherKey('abc', split, config);

  it('is a stable 20-hex-digit hash of the definition', () => {
    expect(key).toMatch(/^[0-9a-f]{20}$/);
    expect(teacherKey('abc', { ...split }, resolveTeacherConfig({ hidden: [8], epochs: 2 }))).toBe(key);
  });
  it('changes with the dataset, the split and each part of the configuration', () => {
    const others = [
      teacherKey('abd', split, config),
      teacherKey('abc', { ...split, seed: 1 }, config),
      teacherKey('abc', split, { ...config, hidden: [9] }),
      teacherKey('abc', split, { ...config, epochs: 3 }),
      teacherKey('abc', split, { ...config, learning_rate: 0.01 }),
      teacherKey('abc', split, { ...config, seed: 1 }),
      teacherKey('abc', split, { ...config, dropout: 0.1 }),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });
});

describe('loadOrTrainTeacher', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kdlab-teacher-'));
  let backend: BackendInfo;
  let device: TeacherInput['device'];
  const splits: Splits = {
    name: 'separable',
    features: 4,
    classes: 2,
    classNames: ['0', '1'],
    train: separable(64, 1),
    validation: separable(16, 2),
    test: separable(16, 3),
    mean: new Float32Array(4),
    sd: new Float32Array(4).fill(1),
  };
  const config: ResolvedTeacherConfig = resolveTeacherConfig({ hidden: [8], epochs: 3, patience: 3, learning_rate: 0.05, batch_size: 16 });

  beforeAll(async () => {
    backend = await selectBackend('cpu');
    const on = (e: Splits['train']): DeviceExamples => toDevice(e, 4, 2);
    device = { train: on(splits.train), validation: on(splits.validation), test: on(splits.test) };
  });
  afterAll(() => {
    for (const d of Object.values(device)) disposeDevice(d);
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const input = (logger: LocalLogger, epochs: number[], over: Partial<TeacherInput> = {}): TeacherInput => ({
    splits,
    fingerprint: 'separable-v1',
    split: { seed: 0 },
    device,
    config,
    cacheDir,
    backend,
    logger,
    onEpochEnd: (log) => void epochs.push(log.epoch),
    ...over,
  });

  it('trains once, then every later call reads the same teacher from the cache without training', async () => {
    const epochs: number[] = [];
    const first = await loadOrTrainTeacher(input(new LocalLogger(), epochs));
    expect(first.cached).toBe(false);
    expect(epochs.length).toBeGreaterThan(0);
    expect(first.dir).toBe(join(cacheDir, `teacher-separable-${first.meta.key}`));
    expect(readdirSync(first.dir).sort()).toEqual(['logits.bin', 'meta.json', 'model.json', 'weights.bin']);
    // Written into a temp folder and renamed: nothing half-written stays behind.
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('.tmp'))).toEqual([]);
    expect(first.trainLogits).toHaveLength(64 * 2);
    expect(first.meta).toMatchObject({
      key: teacherKey('separable-v1', { seed: 0 }, config),
      trainRows: 64,
      classes: 2,
      architecture: '4-8-2',
    });

    const again: number[] = [];
    const second = await loadOrTrainTeacher(input(new LocalLogger(), again));
    expect(second.cached).toBe(true);
    expect(again).toEqual([]);
    expect(second.dir).toBe(first.dir);
    expect(second.meta).toEqual(first.meta);
    expect(Array.from(second.trainLogits)).toEqual(Array.from(first.trainLogits));
  });

  it('a different definition is a different cache entry', async () => {
    const epochs: number[] = [];
    const other = await loadOrTrainTeacher(input(new LocalLogger(), epochs, { fingerprint: 'separable-v2' }));
    expect(other.cached).toBe(false);
    expect(epochs.length).toBeGreaterThan(0);
  });

  it('an unreadable entry is reported and trained again', async () => {
    const first = await loadOrTrainTeacher(input(new LocalLogger(), []));
    writeFileSync(join(first.dir, 'logits.bin'), new Uint8Array(12));
    const logger = new LocalLogger();
    const epochs: number[] = [];
    const redo = await loadOrTrainTeacher(input(logger, epochs));
    expect(redo.cached).toBe(false);
    expect(epochs.length).toBeGreaterThan(0);
    expect(logger.warns).toEqual([`teacher cache ${first.dir} is unreadable (logits.bin holds 3 values, expected 128); training it again`]);
    expect((await loadOrTrainTeacher(input(new LocalLogger(), []))).cached).toBe(true);
  });

  it('an ensemble averages its members, each cached as the teacher of its seed, and is cached itself', async () => {
    const logger = new LocalLogger();
    const ensemble = await loadOrTrainTeacher(input(logger, [], { config: { ...config, ensemble: 2 }, fingerprint: 'separable-ens' }));
    expect(ensemble.cached).toBe(false);
    expect(logger.infos.filter((l) => l.startsWith('teacher ensemble: member '))).toEqual([
      'teacher ensemble: member 1 of 2 (seed 0)',
      'teacher ensemble: member 2 of 2 (seed 1)',
    ]);
    // Each member is the single teacher of that seed: asking for it alone reads it from the cache.
    const members = await Promise.all(
      [0, 1].map((seed) => loadOrTrainTeacher(input(new LocalLogger(), [], { config: { ...config, seed }, fingerprint: 'separable-ens' }))),
    );
    expect(members.map((m) => m.cached)).toEqual([true, true]);
    expect(ensemble.meta.members?.map((m) => m.key)).toEqual(members.map((m) => m.meta.key));
    expect(ensemble.meta.architecture).toBe('2 × 4-8-2');
    expect(ensemble.meta.epochsTrained).toBe(members[0].meta.epochsTrained + members[1].meta.epochsTrained);
    for (let i = 0; i < ensemble.trainLogits.length; i++)
      expect(ensemble.trainLogits[i]).toBeCloseTo((members[0].trainLogits[i] + members[1].trainLogits[i]) / 2, 5);
    expect(readdirSync(ensemble.dir).sort()).toEqual(['logits.bin', 'meta.json']);
    // The ensemble's accuracy is that of the averaged logits, between 0 and 1, on the test rows.
    expect(ensemble.meta.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(ensemble.meta.testAccuracy * 16).toBeCloseTo(Math.round(ensemble.meta.testAccuracy * 16), 9);
    const again = await loadOrTrainTeacher(
      input(new LocalLogger(), [], { config: { ...config, ensemble: 2 }, fingerprint: 'separable-ens' }),
    );
    expect(again.cached).toBe(true);
    expect(again.meta).toEqual(ensemble.meta);
  });

  it('a CNN teacher needs image data', async () => {
    const cnn = { ...config, arch: 'cnn' as const, conv_kernel: 3, conv_filters: 2 };
    await expect(loadOrTrainTeacher(input(new LocalLogger(), [], { config: cnn }))).rejects.toThrow(
      new UsageError('a CNN teacher needs image data; separable has no image shape (use the MLP teacher)'),
    );
  });
});

describe('scoreLogits', () => {
  it('gives the accuracy and mean cross-entropy of logits', () => {
    // Two rows, three classes: row 0 predicts class 2 (right), row 1 predicts class 0 (wrong; label 1).
    const logits = new Float32Array([0, 1, 3, 2, 1, 0]);
    const r = scoreLogits(logits, new Int32Array([2, 1]), 3);
    expect(r.accuracy).toBe(0.5);
    const ce = (row: number[], y: number) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[y];
    expect(r.loss).toBeCloseTo((ce([0, 1, 3], 2) + ce([2, 1, 0], 1)) / 2, 6);
  });
});
