import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../src/train/backend.js';
import type { EpochLog } from '../../src/domain/run.js';
import { disposeDevice, evaluate, predictLogits, toDevice, trainLoop, type DeviceExamples, type LoopOptions } from '../../src/train/fit.js';
import { ce } from '../../src/train/losses/ce.js';
import { Mlp } from '../../src/train/model/mlp.js';
import { separable } from '../helpers/separable.js';

// A tiny separable problem on the cpu backend: a few epochs take milliseconds.
let train: DeviceExamples;
let validation: DeviceExamples;

beforeAll(async () => {
  await selectBackend('cpu');
  train = toDevice(separable(96, 1), 4, 2);
  validation = toDevice(separable(32, 2), 4, 2);
});
afterAll(() => {
  disposeDevice(train);
  disposeDevice(validation);
});

function options(model: Mlp, over: Partial<LoopOptions> = {}): LoopOptions {
  return {
    model,
    train,
    validation,
    loss: ce,
    lossOptions: { wHard: 1, wSoft: 0, temperature: 1, k: 0 },
    learningRate: 0.05,
    batchSize: 16,
    epochs: 6,
    seed: 3,
    ...over,
  };
}

async function withModel<T>(run: (model: Mlp) => T | Promise<T>): Promise<T> {
  const model = Mlp.init({ kind: 'mlp', inputs: 4, hidden: [8], outputs: 2 }, 7);
  try {
    return await run(model);
  } finally {
    model.dispose();
  }
}

describe('trainLoop', () => {
  it('lowers the training loss and reports every epoch to onEpochEnd, in order', async () => {
    const seen: EpochLog[] = [];
    const result = await withModel((model) => trainLoop(options(model, { callbacks: { onEpochEnd: (log) => void seen.push(log) } })));
    expect(seen.map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.history).toEqual(seen);
    expect(result.stoppedEarly).toBe(false);
    expect(result.samples).toBe(6 * 96);
    const first = result.history[0]['train/loss'];
    const last = result.history[result.history.length - 1]['train/loss'];
    expect(last).toBeLessThan(first);
    expect(result.history[result.history.length - 1]['eval/accuracy']).toBeGreaterThan(0.8);
  });

  it("ends after the epoch whose callback returns 'stop'", async () => {
    const result = await withModel((model) =>
      trainLoop(options(model, { callbacks: { onEpochEnd: (log) => (log.epoch === 2 ? 'stop' : undefined) } })),
    );
    expect(result.history.map((l) => l.epoch)).toEqual([1, 2]);
    expect(result.stoppedEarly).toBe(true);
  });

  it("'stop' on the last epoch is not an early stop", async () => {
    const result = await withModel((model) =>
      trainLoop(options(model, { epochs: 2, callbacks: { onEpochEnd: (log) => (log.epoch === 2 ? 'stop' : undefined) } })),
    );
    expect(result.history).toHaveLength(2);
    expect(result.stoppedEarly).toBe(false);
  });

  it('rejects with an AbortError when its signal is aborted, before the next epoch', async () => {
    const controller = new AbortController();
    const epochs: number[] = [];
    const run = withModel((model) =>
      trainLoop(
        options(model, {
          callbacks: {
            signal: controller.signal,
            onEpochEnd: (log) => {
              epochs.push(log.epoch);
              if (log.epoch === 2) controller.abort();
            },
          },
        }),
      ),
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(epochs).toEqual([1, 2]);
  });

  it('an already aborted signal rejects before any training', async () => {
    const seen: number[] = [];
    const run = withModel((model) =>
      trainLoop(options(model, { callbacks: { signal: AbortSignal.abort(), onEpochEnd: (l) => void seen.push(l.epoch) } })),
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([]);
  });

  it('is reproducible: the same seed gives the same history', async () => {
    const a = await withModel((model) => trainLoop(options(model)));
    const b = await withModel((model) => trainLoop(options(model)));
    expect(b.history).toEqual(a.history);
  });

  it('leaves no tensors behind but the model it trained', async () => {
    const before = tf.memory().numTensors;
    await withModel((model) => trainLoop(options(model)));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('evaluate and predictLogits', () => {
  it('read the model in chunks with the same answer as in one piece', async () => {
    await withModel((model) => {
      const whole = evaluate(model, validation);
      const chunked = evaluate(model, validation, 5);
      expect(chunked.accuracy).toBe(whole.accuracy);
      expect(chunked.loss).toBeCloseTo(whole.loss, 5);
      const logits = predictLogits(model, validation.x, 7);
      expect(logits).toHaveLength(32 * 2);
      expect(Array.from(logits)).toEqual(Array.from(predictLogits(model, validation.x)));
    });
  });
});
