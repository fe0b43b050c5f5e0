import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/errors.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { TRAINER_NAMES, trainers } from '../../src/sweep/trainers.js';

describe('trainer registry', () => {
  it('the names a config may give are the registry keys', () => {
    expect(TRAINER_NAMES).toEqual(trainers.names);
    for (const name of TRAINER_NAMES) expect(trainers.has(name)).toBe(true);
  });
  it('a config naming a trainer outside the registry is refused with the valid names', () => {
    expect(() => parseSweepConfig('method: grid\ntrainer: fak\nparameters:\n  x: { values: [1] }\n', 's.yaml')).toThrow(
      new DataError(`trainer: "fak" is not one of ${TRAINER_NAMES.join(', ')} (did you mean "fake"?)`, {
        file: 's.yaml',
        line: 2,
        column: 10,
      }),
    );
  });
  it('an unknown name asked of the registry is a UsageError with a hint', () => {
    expect(() => trainers.get('distil')).toThrow(UsageError);
    expect(() => trainers.get('distil')).toThrow(`unknown trainer "distil" (did you mean "distill"?); valid: ${TRAINER_NAMES.join(', ')}`);
  });
  it("the distill trainer hands a config's teacher to training: a CNN kernel too big for 8×8 digits is refused there", async () => {
    const cfg = parseSweepConfig(
      'method: grid\ndataset: digits\nbackend: cpu\nteacher: { arch: cnn, conv_kernel: 8, augment: true }\nparameters:\n  k: { values: [0.1] }\n',
      's.yaml',
    );
    await expect(trainers.get('distill')(cfg.trainerSettings)).rejects.toThrow(
      new UsageError('teacher conv_kernel must be an integer from 1 to 7, got 8'),
    );
  });
  it('the fake trainer fits without TensorFlow', async () => {
    const trainer = await trainers.get('fake')({});
    const run = await trainer.fit({ x: 1 });
    expect(run.history.length).toBeGreaterThan(0);
  });
});
