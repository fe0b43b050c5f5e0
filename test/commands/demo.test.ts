import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_INTERRUPTED, type Progress } from '../../src/commands/context.js';
import { demo } from '../../src/commands/demo.js';
import { loadExperimentConfig } from '../../src/experiment/config.js';
import { DEMO_CONFIG } from '../../src/experiment/run-experiment.js';
import { gridSize } from '../../src/sweep/samplers/grid.js';
import { createTestContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-demo-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo (command)', () => {
  it('shows one progress over all its sweeps (every planned run), and stops on Ctrl-C with exit 130', async () => {
    // The planned total: each sweep's run cap, or its grid size for a grid without one.
    const config = await loadExperimentConfig(DEMO_CONFIG);
    const planned = config.sweeps.reduce((n, s) => n + (s.runCap ?? gridSize(s.space)), 0);
    expect(config.sweeps.length).toBeGreaterThanOrEqual(4);
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
    expect(starts).toEqual([[planned, 'runs']]);
  });
});
