import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend.js';
import { shiftImages } from '../../src/train/fit.js';
import { resolveTeacherConfig, teacherKey } from '../../src/train/teacher.js';

describe('shiftImages (1-pixel shift augmentation)', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });
  const shape = [3, 3, 1] as const;
  const raw = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('moves each image by the drawn (dy, dx), filling the uncovered border with background in raw pixels', () => {
    // Normalised with mean 1, sd 2: the border must come back as (0 − 1) / 2, not 0.
    const mean = new Float32Array(9).fill(1);
    const sd = new Float32Array(9).fill(2);
    const x = tf.tensor2d([raw.map((v) => (v - 1) / 2), raw.map((v) => (10 - v - 1) / 2)]);
    const idx = tf.tensor1d([0, 1], 'int32');
    const draws = [0 / 9, 4 / 9]; // row 0: shift 0 = (−1, −1) offset in the padded copy; row 1: shift 4 = unchanged
    let d = 0;
    const out = shiftImages(x, idx, { imageShape: shape, mean, sd }, () => draws[d++]);
    const back = Array.from(out.dataSync(), (v) => v * 2 + 1);
    expect(back.slice(0, 9)).toEqual([0, 0, 0, 0, 1, 2, 0, 4, 5]);
    expect(back.slice(9)).toEqual(raw.map((v) => 10 - v));
    tf.dispose([x, idx, out]);
  });

  it('reaches all nine shifts, one per row, from the draws', () => {
    const mean = new Float32Array(9);
    const sd = new Float32Array(9).fill(1);
    const x = tf.tensor2d([raw]);
    const seen = new Set<string>();
    for (let k = 0; k < 9; k++) {
      const idx = tf.tensor1d([0], 'int32');
      const out = shiftImages(x, idx, { imageShape: shape, mean, sd }, () => k / 9);
      seen.add(Array.from(out.dataSync()).join(','));
      tf.dispose([idx, out]);
    }
    x.dispose();
    expect(seen.size).toBe(9);
    expect(seen).toContain(raw.join(','));
    expect(seen).toContain([5, 6, 0, 8, 9, 0, 0, 0, 0].join(','));
  });
});

describe("the teacher's augment option", () => {
  it('is part of the teacher definition only when on, so existing teachers keep their cache keys', () => {
    const off = resolveTeacherConfig({});
    const on = resolveTeacherConfig({ augment: true });
    expect('augment' in off).toBe(false);
    expect(resolveTeacherConfig({ augment: false })).toEqual(off);
    expect(on.augment).toBe(true);
    expect(teacherKey('f', { seed: 0 }, on)).not.toBe(teacherKey('f', { seed: 0 }, off));
  });
});
