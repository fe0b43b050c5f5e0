import { describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../src/train/backend.js';
import { LocalLogger } from '../../src/log/logger.js';
import { UsageError } from '../../src/errors.js';

const installed = async (pkg: string) =>
  import(pkg).then(
    () => true,
    () => false,
  );
const nativeAbsent = !(await installed('@tensorflow/tfjs-node')) && !(await installed('@tensorflow/tfjs-node-gpu'));

describe('selectBackend', () => {
  it('activates wasm and cpu by name and says which device', async () => {
    expect(await selectBackend('wasm')).toEqual({ name: 'wasm', device: 'CPU (WebAssembly SIMD, 1 thread)' });
    expect(tf.getBackend()).toBe('wasm');
    expect(await selectBackend('cpu')).toEqual({ name: 'cpu', device: 'CPU (JavaScript)' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it.skipIf(!nativeAbsent)('auto falls back to wasm when no native package is installed, saying why at debug level', async () => {
    const logger = new LocalLogger();
    const info = await selectBackend('auto', logger);
    expect(info.name).toBe('wasm');
    expect(logger.debugs.some((m) => m.startsWith('@tensorflow/tfjs-node-gpu not loaded'))).toBe(true);
    expect(logger.debugs.some((m) => m.startsWith('@tensorflow/tfjs-node not loaded'))).toBe(true);
  });

  it.skipIf(!nativeAbsent)('tensorflow without the native packages is a usage error with the install command', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(UsageError);
    await expect(selectBackend('tensorflow')).rejects.toThrow('npm install @tensorflow/tfjs-node');
  });
});
