/**
 * `kdlab sweep run` as a function: agent processes (dist/cli/main.js, built by `npm run build`)
 * with the fake trainer on a SQLite store in a temp folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_INTERRUPTED, type CommandContext } from '../../src/commands/context.js';
import { sweepRun } from '../../src/commands/sweep-run.js';
import { UsageError } from '../../src/errors.js';
import { openStore } from '../../src/storage/open-store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

process.env.KDLAB_HEARTBEAT_MS = '100';
const dir = mkdtempSync(join(tmpdir(), 'kdlab-sweep-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const yaml = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function runsOf(url: string, sweep: string) {
  const store = await openStore(url, { cwd: dir });
  try {
    return await store.listRuns({ sweep });
  } finally {
    await store.close();
  }
}

describe('sweepRun', () => {
  const grid = yaml('g.yaml', 'method: grid\ntrainer: fake\nepochs: 2\nparameters:\n  x: { values: [0.2, 0.5, 0.9] }\n');

  it('creates the sweep and runs it to the end: one progress step per run, then the summary', async () => {
    const context = createTestContext({ cwd: dir });
    expect(await sweepRun({ config: grid, store: 'runs.db', agents: 2, pollMs: 50 }, context)).toBe(0);
    expect(context.progressLines).toHaveLength(3);
    for (const line of context.progressLines) expect(line).toMatch(/^g: run g-\d finished eval\/accuracy=0\.\d{4}, best 0\.\d{4}$/);
    expect(context.logger.infos.at(-1)).toMatch(/^sweep g: 3\/3 done, 3 finished, 0 pruned, 0 failed, 0 crashed; best eval\/accuracy=/);
    expect((await runsOf('runs.db', 'g')).map((r) => r.state)).toEqual(['finished', 'finished', 'finished']);
  });

  it('resumes the sweep of the same config and trains nothing more', async () => {
    const context = createTestContext({ cwd: dir });
    expect(await sweepRun({ config: grid, store: 'runs.db', agents: 2, pollMs: 50 }, context)).toBe(0);
    expect(context.logger.infos[0]).toMatch(/^resuming sweep g \(\S+\): 3 runs already done$/);
    expect(context.progressLines).toEqual([]);
    expect(await runsOf('runs.db', 'g')).toHaveLength(3);
  });

  it('refuses a memory: store, which agent processes cannot share', async () => {
    await expect(sweepRun({ config: grid, store: 'memory:', agents: 1 }, createTestContext())).rejects.toThrow(UsageError);
  });

  it('stops on an abort: exit 130, the running run killed; the same call resumes and completes', async () => {
    // One quick run and one slow one (3 epochs of 1 s): the abort comes when the quick one ends.
    const slow = yaml(
      'slow.yaml',
      'name: slow\nmethod: grid\ntrainer: fake\nepochs: 3\nparameters:\n  fake_sleep_ms: { values: [0, 1000] }\n',
    );
    const base = createTestContext({ cwd: dir });
    const context: TestContext = {
      ...base,
      progress: (mode) => {
        const p = base.progress(mode);
        return {
          ...p,
          update(done, line) {
            p.update(done, line);
            if (line !== undefined) base.interrupt();
          },
        };
      },
    } satisfies CommandContext;
    expect(await sweepRun({ config: slow, store: 'runs.db', agents: 2, pollMs: 50 }, context)).toBe(EXIT_INTERRUPTED);
    const stopped = await runsOf('runs.db', 'slow');
    expect(stopped.filter((r) => r.state === 'finished').map((r) => r.params.fake_sleep_ms)).toEqual([0]);
    expect(stopped.filter((r) => r.state === 'killed').map((r) => r.params.fake_sleep_ms)).toEqual([1000]);
    expect(stopped.some((r) => r.state === 'running')).toBe(false);
    expect(base.logger.infos.at(-1)).toBe('interrupted: 1/2 runs done; run the same command again to resume');

    const again = createTestContext({ cwd: dir });
    expect(await sweepRun({ config: slow, store: 'runs.db', agents: 2, pollMs: 50 }, again)).toBe(0);
    const resumed = await runsOf('runs.db', 'slow');
    // The killed run's config is re-queued as its next attempt and finishes.
    expect(resumed.filter((r) => r.state === 'finished').map((r) => [r.params.fake_sleep_ms, r.attempt])).toEqual([
      [0, 1],
      [1000, 2],
    ]);
    expect(again.progressLines).toEqual([expect.stringMatching(/^slow: run slow-2 finished /)]);
  });
});
