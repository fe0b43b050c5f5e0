import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_INTERRUPTED, type Progress } from '../../src/commands/context.js';
import { demo } from '../../src/commands/demo.js';
import { createTestContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-demo-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo (command)', () => {
  it('shows one progress over all four sweeps (4 × 24 runs), and stops on Ctrl-C with exit 130', async () => {
    const base = createTestContext({ cwd: dir });
    const starts: [number | undefined, string][] = [];
    const progress = (): Progress => ({
      start: (total, label) => void starts.push([total, label]),
      update: (_done, line) => {
        if (line !== undefined) base.interrupt();
      },
      stop() {},
    });
    // The fake trainer stands in for TensorFlow.js; the first settled run interrupts.
    const code = await demo(
      { store: join(dir, 'demo.db'), agents: 1, trainer: 'fake', isolation: 'inline', html: false },
      { ...base, progress },
    );
    expect(code).toBe(EXIT_INTERRUPTED);
    expect(starts).toEqual([[96, 'runs']]);
  });
});
