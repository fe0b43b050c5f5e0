/**
 * Backend selection: one code path over the tfjs core API, the engine chosen at run time.
 *
 *   auto → @tensorflow/tfjs-node-gpu (only if it sees a GPU) → @tensorflow/tfjs-node → wasm → cpu
 *
 * The native packages are optional: their install downloads libtensorflow, so they are never
 * dependencies; they are loaded by dynamic import when the user has added them. Model and loss
 * code never look at the backend.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { cpus } from 'node:os';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { silentLogger } from '../log/logger.js';
import { createRegistry } from '../util/registry.js';

export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The Backend that runs the tensors, as recorded with every run. */
export interface BackendInfo {
  /** tfjs backend name: `tensorflow`, `wasm` or `cpu`. */
  readonly name: 'tensorflow' | 'wasm' | 'cpu';
  /** e.g. `GPU (tfjs-node-gpu)`, `CPU (libtensorflow)`, `CPU (WebAssembly SIMD, 1 thread)`. */
  readonly device: string;
}

export const backendChoices = createRegistry<BackendChoice>('backend', Object.fromEntries(BACKEND_CHOICES.map((b) => [b, b])));

let current: { choice: BackendChoice; info: BackendInfo } | undefined;

/**
 * Makes the chosen backend active for this process and says which one it is. Idempotent: a second
 * call with the same choice returns at once (sweep agents call it once per run).
 */
export async function selectBackend(choice: BackendChoice = 'auto', logger: Logger = silentLogger): Promise<BackendInfo> {
  if (current && (current.choice === choice || current.info.name === choice)) return current.info;
  const info = await activate(choice, logger);
  current = { choice, info };
  logger.debug(`backend: ${info.name} (${info.device})`);
  return info;
}

async function activate(choice: BackendChoice, logger: Logger): Promise<BackendInfo> {
  switch (choice) {
    case 'tensorflow': {
      const native = (await tryNative('@tensorflow/tfjs-node-gpu', logger)) ?? (await tryNative('@tensorflow/tfjs-node', logger));
      if (!native) {
        throw new UsageError(
          '--backend tensorflow needs @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA): run `npm install @tensorflow/tfjs-node`, or use --backend wasm',
        );
      }
      return native;
    }
    case 'wasm':
      return activateWasm();
    case 'cpu':
      return activateCpu();
    case 'auto': {
      const gpu = await tryNative('@tensorflow/tfjs-node-gpu', logger);
      if (gpu && gpu.device.startsWith('GPU')) return gpu;
      const native = gpu ?? (await tryNative('@tensorflow/tfjs-node', logger));
      if (native) return native;
      try {
        return await activateWasm();
      } catch (err) {
        logger.debug(`wasm backend unavailable: ${(err as Error).message}`);
        return activateCpu();
      }
    }
  }
}

/** Loads a native tfjs-node package if installed; undefined when it is not (or fails to load). */
async function tryNative(pkg: string, logger: Logger): Promise<BackendInfo | undefined> {
  let mod: Record<string, unknown>;
  try {
    // A variable specifier keeps TypeScript and bundlers from resolving an optional package.
    const specifier = pkg;
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (err) {
    logger.debug(`${pkg} not loaded: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
  void mod;
  try {
    await setBackendOrThrow('tensorflow');
  } catch (err) {
    logger.debug(`${pkg} loaded but its backend failed: ${(err as Error).message}`);
    return undefined;
  }
  // tfjs-node's backend exposes whether libtensorflow placed ops on a CUDA device.
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean; isGPUPackage?: boolean };
  const gpu = backend.isUsingGpuDevice === true;
  return {
    name: 'tensorflow',
    device: gpu ? `GPU (${pkg.replace('@tensorflow/', '')})` : `CPU (${pkg.replace('@tensorflow/', '')}, ${cpus().length} cores)`,
  };
}

async function activateWasm(): Promise<BackendInfo> {
  // In Node the .wasm binaries are read from disk: point the backend at node_modules.
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${dir}/`);
  await setBackendOrThrow('wasm');
  return { name: 'wasm', device: 'CPU (WebAssembly SIMD, 1 thread)' };
}

async function activateCpu(): Promise<BackendInfo> {
  await setBackendOrThrow('cpu');
  // The cpu backend's one-time banner recommends tfjs-node; `auto` already prefers it when installed.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return { name: 'cpu', device: 'CPU (JavaScript)' };
}

async function setBackendOrThrow(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
}

export { tf };
