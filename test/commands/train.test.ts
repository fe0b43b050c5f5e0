import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_INTERRUPTED } from '../../src/commands/context.js';
import { train, trainStudent } from '../../src/commands/train.js';
import { openStore } from '../../src/storage/open-store.js';
import { LocalLogger } from '../../src/log/logger.js';
import { messages } from '../../src/log/messages.js';
import { createTestContext, lendStore } from '../helpers/context.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'kdlab-train-cmd-'));

describe('trainStudent()', () => {
  it('records a finished run with canonical params, history, summary and backend; the teacher is cached for the next run', async () => {
    const store = await openStore('memory:');
    const context = createTestContext();
    const hooks = { logger: context.logger, progress: context.progress };
    const base = {
      params: { loss: 'cosine-temperature', temperature: 4, epochs: 2, student_hidden: 8 },
      backend: 'wasm' as const,
      cacheDir,
    };
    const first = await trainStudent(store, base, hooks);
    expect(first.teacher.cached).toBe(false);
    const run = (await store.getRun(first.run.id))!;
    expect(run.state).toBe('finished');
    expect(run.sweep).toBe('train-cosine-temperature');
    expect(first.sweep.name).toBe('train-cosine-temperature');
    expect(run.params).toMatchObject({
      loss: 'cosine-temperature',
      temperature: 4,
      epochs: 2,
      student_hidden: '8',
      w_hard: 0.5,
      w_soft: 0.5,
    });
    expect(run.history).toHaveLength(2);
    expect(run.summary['eval/accuracy']).toBe(first.result!.summary['eval/accuracy']);
    expect(run.backend).toBe('wasm');
    // One progress step per student epoch.
    expect(context.progressLines.filter((m) => m.startsWith('student epoch'))).toEqual([
      expect.stringMatching(/^student epoch 1\/2: train\/loss \d\.\d{4}, eval\/loss \d\.\d{4}, eval\/accuracy \d\.\d{4}, \d+ samples\/s$/),
      expect.stringMatching(/^student epoch 2\/2: /),
    ]);
    expect(context.logger.infos.at(-1)).toMatch(
      /^cosine-temperature: eval\/accuracy 0\.\d{4}, test\/accuracy 0\.\d{4} .* run \S+ in sweep train-cosine-temperature/,
    );

    const second = await trainStudent(store, { ...base, sweep: 'mine' }, hooks);
    expect(second.teacher.cached).toBe(true);
    expect(second.sweep.name).toBe('mine');
    expect((await store.listRuns()).length).toBe(2);

    // Another teacher in the same sweep is flagged: its runs are not comparable.
    const third = await trainStudent(store, { ...base, teacher: { hidden: [16], epochs: 1 } }, hooks);
    expect(third.teacher.key).not.toBe(first.teacher.key);
    expect(context.logger.warns).toContain(messages.teacherChanged('train-cosine-temperature', first.teacher.key, third.teacher.key));
    await store.close();
  });

  it('trains on a user CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-csv-'));
    const file = join(dir, 'blobs.csv');
    const rows = ['x1,x2,cls'];
    for (let i = 0; i < 120; i++) rows.push(`${(i % 3) * 5 + (i % 7) / 7},${(i % 3) * -4 + (i % 5) / 5},${['a', 'b', 'c'][i % 3]}`);
    writeFileSync(file, rows.join('\n'));
    const store = await openStore('memory:');
    const out = await trainStudent(
      store,
      {
        data: file,
        label: 'cls',
        params: { epochs: 20, batch_size: 16, learning_rate: 0.05, student_hidden: 4 },
        teacher: { hidden: [16], epochs: 20 },
        cacheDir,
        backend: 'wasm',
      },
      { logger: new LocalLogger() },
    );
    expect(out.result!.summary['test/accuracy']).toBeGreaterThan(0.9);
    await store.close();
  });
});

describe('train (command)', () => {
  it('returns 130 and records the run as killed when interrupted', async () => {
    const store = await openStore('memory:');
    const context = createTestContext({ openStore: lendStore(store) });
    context.interrupt();
    expect(await train({ params: { epochs: 2, student_hidden: 8 }, backend: 'wasm', cacheDir, progress: 'none' }, context)).toBe(
      EXIT_INTERRUPTED,
    );
    const [run] = await store.listRuns();
    expect(run.state).toBe('killed');
    expect(context.err()).toBe(`interrupted: run ${run.id} recorded as killed in memory:\n`);
    await store.close();
  });

  it('writes the run as JSON to stdout with --json -, its messages moving to stderr', async () => {
    const context = createTestContext();
    expect(
      await train(
        { params: { epochs: 1, student_hidden: 8 }, store: 'memory:', backend: 'wasm', cacheDir, json: '-', progress: 'none' },
        context,
      ),
    ).toBe(0);
    const json = JSON.parse(context.out()) as { params: { loss: string }; summary: Record<string, number> };
    expect(json.params.loss).toBe('kl-temperature');
    expect(json.summary['test/accuracy']).toBeGreaterThan(0);
    expect(context.err()).toMatch(/kl-temperature: eval\/accuracy 0\.\d{4}/);
    expect(context.logger.infos).toEqual([]);
  });

  it('rejects bad options before opening a store or training anything', async () => {
    const opened: unknown[] = [];
    const context = createTestContext({ openStore: async (url) => (opened.push(url), Promise.reject(new Error('not reached'))) });
    await expect(train({ params: { loss: 'kl-temprature' }, cacheDir }, context)).rejects.toThrow(/did you mean "kl-temperature"/);
    await expect(train({ params: {}, dataset: 'mnist', cacheDir }, context)).rejects.toThrow(
      /unknown dataset "mnist"; valid: digits, fashion-mnist \(or --data FILE.csv --label COL\)/,
    );
    await expect(train({ params: {}, data: 'x.csv', cacheDir }, context)).rejects.toThrow('--data needs --label COL');
    expect(opened).toEqual([]);
    expect(context.logger.infos).toEqual([]);
  });
});
