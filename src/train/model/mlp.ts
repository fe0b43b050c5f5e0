/**
 * A multilayer perceptron: inputs → hidden ReLU layers → logits. Weights are tfjs Variables,
 * initialised from a seeded RNG (He-uniform, zero biases) so a seed gives the same model on any
 * backend. Saved as tfjs artifacts: model.json (architecture + weightsManifest) + weights.bin.
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor2D, Tensor1D, Variable } from '@tensorflow/tfjs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '../../util/rng.js';
import { DataError } from '../../errors.js';
import { dense, denseAutodiff } from './dense.js';
import type { ConvSpec } from './conv.js';
import { convOutputSize, convPool } from './conv.js';

export interface MlpArchitecture {
  /** `cnn`: a convolution + pooling layer (conv.ts) in front of the dense layers, for image data. */
  readonly kind: 'mlp' | 'cnn';
  readonly inputs: number;
  readonly hidden: readonly number[];
  readonly outputs: number;
  readonly conv?: ConvSpec;
}

/** `64-256-256-10`, or `conv5x5x16-…` for a CNN. */
export function describeArchitecture(a: MlpArchitecture): string {
  const dense = [a.inputs, ...a.hidden, a.outputs].join('-');
  return a.conv ? `${a.inputs}-conv${a.conv.kernel}x${a.conv.kernel}x${a.conv.filters}-pool2-${[...a.hidden, a.outputs].join('-')}` : dense;
}

export interface ForwardOptions {
  /** Dropout rate on hidden activations (training the teacher only). */
  readonly dropout?: number;
  /** Seed of this step's dropout masks. */
  readonly dropoutSeed?: number;
  /** Use tfjs' own matMul gradients (for the before/after benchmark). */
  readonly autodiff?: boolean;
}

export class Mlp {
  private constructor(
    readonly architecture: MlpArchitecture,
    readonly variables: Variable[],
  ) {}

  static init(architecture: MlpArchitecture, seed: number): Mlp {
    const rng = createRng(seed);
    const vars: Variable[] = [];
    const c = architecture.conv;
    if (c) {
      const fanIn = c.kernel * c.kernel * c.imageShape[2];
      const limit = Math.sqrt(6 / fanIn);
      const w = Float32Array.from({ length: fanIn * c.filters }, () => (2 * rng.next() - 1) * limit);
      vars.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, c.filters]), true, 'conv_0/kernel')));
      vars.push(tf.tidy(() => tf.variable(tf.zeros([c.filters]), true, 'conv_0/bias')));
    }
    const sizes = [c ? convOutputSize(c) : architecture.inputs, ...architecture.hidden, architecture.outputs];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const limit = Math.sqrt(6 / fanIn);
      const w = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit;
      // tidy: a Variable keeps its own reference, the initial tensor must not outlive it.
      vars.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true, `dense_${l}/kernel`)));
      vars.push(tf.tidy(() => tf.variable(tf.zeros([fanOut]), true, `dense_${l}/bias`)));
    }
    return new Mlp(architecture, vars);
  }

  /** Logits [B, outputs] of a batch [B, inputs]. */
  logits(x: Tensor2D, opts: ForwardOptions = {}): Tensor2D {
    return tf.tidy(() => {
      let h = x;
      const c = this.architecture.conv;
      const first = c ? 2 : 0;
      if (c) h = convPool(x, this.variables[0] as Tensor2D, this.variables[1] as Tensor1D, c);
      const layers = (this.variables.length - first) / 2;
      for (let l = 0; l < layers; l++) {
        const W = this.variables[first + 2 * l] as Tensor2D;
        const b = this.variables[first + 2 * l + 1] as Tensor1D;
        const act = l + 1 < layers ? 'relu' : 'linear';
        h = opts.autodiff ? denseAutodiff(h, W, b, act) : dense(h, W, b, act, l > 0 || c !== undefined);
        if (act === 'relu' && opts.dropout) h = tf.dropout(h, opts.dropout, undefined, (opts.dropoutSeed ?? 0) * 131 + l) as Tensor2D;
      }
      return h;
    });
  }

  /** Current weights as plain arrays (for keeping the best epoch, or comparing runs). */
  snapshot(): Float32Array[] {
    return this.variables.map((v) => v.dataSync() as Float32Array).map((a) => a.slice());
  }

  restore(weights: readonly Float32Array[]): void {
    this.variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(weights[i], v.shape))));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }

  /** Writes model.json + weights.bin into `dir` (the caller makes it atomic). */
  async save(dir: string): Promise<void> {
    const { data, specs } = await tf.io.encodeWeights(this.variables.map((v) => ({ name: v.name, tensor: v })));
    const modelJson = {
      format: 'kdlab-mlp',
      generatedBy: 'kdlab',
      architecture: this.architecture,
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    };
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(data));
    await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson, null, 2));
  }

  static async load(dir: string): Promise<Mlp> {
    const file = join(dir, 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as {
      format: string;
      architecture: MlpArchitecture;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    if (json.format !== 'kdlab-mlp') throw new DataError(`not a kdlab MLP (format ${JSON.stringify(json.format)})`, { file });
    const buf = await readFile(join(dir, json.weightsManifest[0].paths[0]));
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const named = tf.io.decodeWeights(ab, json.weightsManifest[0].weights);
    const vars = json.weightsManifest[0].weights.map((s) => {
      const v = tf.variable(named[s.name], true, s.name);
      named[s.name].dispose();
      return v;
    });
    return new Mlp(json.architecture, vars);
  }
}

/** `"128,64"`, `128` or `[128, 64]` → [128, 64]. */
export function parseHidden(value: string | number | readonly number[]): number[] {
  const list =
    typeof value === 'number'
      ? [value]
      : typeof value === 'string'
        ? value
            .split(/[,x ]+/)
            .filter(Boolean)
            .map(Number)
        : [...value];
  if (list.length === 0 || !list.every((n) => Number.isInteger(n) && n > 0))
    throw new RangeError(`hidden layer sizes must be positive integers, e.g. "128,64"; got ${JSON.stringify(value)}`);
  return list;
}
