/**
 * The `fake` trainer: a test hook, not a model. It "trains" instantly (or as slowly as asked) on a
 * known synthetic objective, so sweep tests exercise the real claiming, storage and process code
 * without TensorFlow. Select it with `trainer: fake` in a sweep config.
 *
 * Objective (maximised, optimum 0.95 at learning_rate 0.01, temperature 4, w_hard 0.3, x* = 0.5):
 *   d = (log10(learning_rate) + 2)² + ((log2(temperature) − 2) / 2)² + 4·(w_hard − 0.3)² + Σ (x − 0.5)²
 *   eval/accuracy = 0.5 + 0.45·exp(−d)        (absent params contribute 0; x = any param named x…)
 * Epoch e of E logs eval/accuracy·(1 − 0.6·0.5^e) (the final epoch logs the exact value).
 *
 * Params that steer the hook: `fake_noise` (adds seeded noise of that scale: one part shared by every
 * run with the same `seed`, one part of its own, so re-runs with other seeds differ and runs that share
 * a seed correlate, as real ones do), `fake_sleep_ms` (per epoch), `fake_fail_epoch` (throw at that epoch: the
 * run fails), `fake_exit_epoch` (the process exits with code 3 at that epoch: the run crashes).
 */
import type { EpochLog, Params } from '../domain/run.js';
import type { RunResult, TrainCallbacks, Trainer } from '../domain/trainer.js';
import { createRng } from '../util/rng.js';

export function fakeObjective(params: Params): number {
  const num = (k: string) => (typeof params[k] === 'number' ? params[k] : undefined);
  let d = 0;
  const lr = num('learning_rate');
  if (lr !== undefined) d += (Math.log10(lr) + 2) ** 2;
  const t = num('temperature');
  if (t !== undefined) d += ((Math.log2(t) - 2) / 2) ** 2;
  const wh = num('w_hard');
  if (wh !== undefined) d += 4 * (wh - 0.3) ** 2;
  for (const [k, v] of Object.entries(params)) if (/^x\d*$/.test(k) && typeof v === 'number') d += (v - 0.5) ** 2;
  return 0.5 + 0.45 * Math.exp(-d);
}

function fakeNoise(params: Params): number {
  if (typeof params.fake_noise !== 'number') return 0;
  const seed = typeof params.seed === 'number' ? params.seed : 0;
  const shared = createRng(seed).next() - 0.5;
  const own = createRng(seed ^ Math.round(fakeObjective(params) * 1e9)).next() - 0.5;
  return params.fake_noise * (shared + 0.5 * own);
}

export function createFakeTrainer(): Trainer {
  return {
    async fit(params: Params, callbacks: TrainCallbacks = {}): Promise<RunResult> {
      const epochs = typeof params.epochs === 'number' ? params.epochs : 3;
      const sleepMs = typeof params.fake_sleep_ms === 'number' ? params.fake_sleep_ms : 0;
      const final = fakeObjective(params) + fakeNoise(params);
      const history: EpochLog[] = [];
      let stoppedEarly = false;
      for (let e = 1; e <= epochs; e++) {
        if (callbacks.signal?.aborted) throw Object.assign(new Error('training aborted'), { name: 'AbortError' });
        if (sleepMs > 0) await new Promise((r) => setTimeout(r, sleepMs));
        if (params.fake_fail_epoch === e) throw new Error(`fake trainer failed on purpose at epoch ${e}`);
        if (params.fake_exit_epoch === e) process.exit(3);
        const acc = e === epochs ? final : final * (1 - 0.6 * 0.5 ** e);
        const log: EpochLog = { epoch: e, 'train/loss': 1 - acc, 'eval/accuracy': acc, 'eval/loss': 1 - acc };
        history.push(log);
        if ((await callbacks.onEpochEnd?.(log)) === 'stop' && e < epochs) {
          stoppedEarly = true;
          break;
        }
      }
      const last = history[history.length - 1];
      const acc = last?.['eval/accuracy'] ?? 0;
      return {
        summary: { 'eval/accuracy': acc, 'eval/loss': 1 - acc, 'test/accuracy': acc, 'test/loss': 1 - acc },
        history,
        backend: 'fake',
        device: 'CPU',
        wallTimeS: (epochs * sleepMs) / 1000,
        samplesPerSecond: 0,
        stoppedEarly,
      };
    },
  };
}
