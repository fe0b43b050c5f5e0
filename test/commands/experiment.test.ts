import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_INTERRUPTED } from '../../src/commands/context.js';
import { experiment } from '../../src/commands/experiment.js';
import { DataError } from '../../src/errors.js';
import { createTestContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-experiment-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const TINY = `name: tiny
dataset: digits
trainer: fake
method: random
run_cap: 3
parameters:
  epochs: { value: 1 }
  learning_rate: { distribution: log_uniform_values, min: 0.001, max: 0.1 }
sweeps:
  - name: a
    loss: kl-temperature
  - name: b
    loss: ce
report: { baseline: a }
`;

describe('experiment (command)', () => {
  it('rejects a misspelt key with one located line, before opening a store or training', async () => {
    const bad = file('bad.yaml', 'dataset: digits\nmethod: random\nsweeps:\n  - name: a\n    los: ce\n    parameters: {}\n');
    const context = createTestContext({ openStore: () => Promise.reject(new Error('not reached')) });
    const err = await experiment({ config: bad }, context).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /bad\.yaml:5:5: sweeps\.0\.los: unknown key \(did you mean "loss"\?\); remove it or use one of: /,
    );
    expect(context.out()).toBe('');
  });

  it('runs every sweep, prints the report tables and archives the report: exit 0', async () => {
    const context = createTestContext({ argv: ['experiment', 'tiny.yaml'] });
    const code = await experiment(
      { config: file('tiny.yaml', TINY), store: join(dir, 'runs.db'), agents: 1, isolation: 'inline', out: join(dir, 'reports') },
      context,
    );
    expect(code).toBe(0);
    expect(context.progressLines).toHaveLength(6);
    expect(context.out()).toMatch(/report: .*index\.html/);
    expect(readdirSync(join(dir, 'reports'), { withFileTypes: true }).filter((e) => e.isDirectory())).toHaveLength(1);
  });

  it('returns 130 when interrupted, and writes no report', async () => {
    const context = createTestContext();
    context.interrupt();
    const code = await experiment(
      {
        config: file('other.yaml', TINY.replace('name: tiny', 'name: other')),
        store: join(dir, 'other.db'),
        agents: 1,
        isolation: 'inline',
        html: false,
      },
      context,
    );
    expect(code).toBe(EXIT_INTERRUPTED);
    expect(context.out()).toBe('');
  });
});
