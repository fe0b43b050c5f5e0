import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '../../src/commands/train.js';
import { openStore } from '../../src/storage/open-store.js';
import { LocalLogger } from '../../src/log/logger.js';
import { messages } from '../../src/log/messages.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'kdlab-train-cmd-'));
const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;

describe('train()', () => {
  it('records a finished run with canonical params, history, summary and backend; the teacher is cached for the next run', async () => {
    const store = await openStore('memory:');
    const logger = new LocalLogger();
    const base = {
      params: { loss: 'cosine-temperature', temperature: 4, epochs: 2, student_hidden: 8 },
      backend: 'wasm' as const,
      cacheDir,
      store,
      progress: 'lines' as const,
      logger,
    };
    const first = await train(base);
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
    expect(logger.infos.filter((m) => m.startsWith('student epoch'))).toHaveLength(2);
    expect(logger.infos.at(-1)).toMatch(
      /^cosine-temperature: eval\/accuracy 0\.\d{4}, test\/accuracy 0\.\d{4} .* run \S+ in sweep train-cosine-temperature/,
    );

    const second = await train({ ...base, sweep: 'mine' });
    expect(second.teacher.cached).toBe(true);
    expect(second.sweep.name).toBe('mine');
    expect((await store.listRuns()).length).toBe(2);

    // Another teacher in the same sweep is flagged: its runs are not comparable.
    const third = await train({ ...base, teacher: { hidden: [16], epochs: 1 } });
    expect(third.teacher.key).not.toBe(first.teacher.key);
    expect(logger.warns).toContain(messages.teacherChanged('train-cosine-temperature', first.teacher.key, third.teacher.key));
    await store.close();
  });

  it('records an interrupted run as killed', async () => {
    const store = await openStore('memory:');
    await expect(
      train({
        params: { epochs: 2, student_hidden: 8 },
        backend: 'wasm',
        cacheDir,
        store,
        progress: 'none',
        signal: AbortSignal.abort(),
        logger: new LocalLogger(),
      }),
    ).rejects.toThrow(/^interrupted; run \S+ recorded as killed/);
    const [run] = await store.listRuns();
    expect(run.state).toBe('killed');
    await store.close();
  });

  it('rejects bad flags before training anything', async () => {
    const logger = new LocalLogger();
    await expect(train({ params: { loss: 'kl-temprature' }, store: 'memory:', cacheDir, logger })).rejects.toThrow(
      /did you mean "kl-temperature"/,
    );
    await expect(train({ params: {}, dataset: 'mnist', store: 'memory:', cacheDir, logger })).rejects.toThrow(
      /unknown dataset "mnist"; valid: digits, fashion-mnist \(or --data FILE.csv --label COL\)/,
    );
    await expect(train({ params: {}, data: 'x.csv', store: 'memory:', cacheDir, logger })).rejects.toThrow('--data needs --label COL');
    expect(logger.infos).toEqual([]);
  });

  it('trains on a user CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-csv-'));
    const file = join(dir, 'blobs.csv');
    const rows = ['x1,x2,cls'];
    for (let i = 0; i < 120; i++) rows.push(`${(i % 3) * 5 + (i % 7) / 7},${(i % 3) * -4 + (i % 5) / 5},${['a', 'b', 'c'][i % 3]}`);
    writeFileSync(file, rows.join('\n'));
    const out = await train({
      data: file,
      label: 'cls',
      params: { epochs: 20, batch_size: 16, learning_rate: 0.05, student_hidden: 4 },
      teacher: { hidden: [16], epochs: 20 },
      store: 'memory:',
      cacheDir,
      backend: 'wasm',
      progress: 'none',
      logger: new LocalLogger(),
    });
    expect(out.result!.summary['test/accuracy']).toBeGreaterThan(0.9);
  });
});

describe('kdlab train (CLI)', () => {
  it('prints the accuracy, writes JSON to stdout with --json -, and exits 0', () => {
    const r = spawnSync(
      'node',
      [
        bin,
        'train',
        '--epochs',
        '1',
        '--student-hidden',
        '8',
        '--store',
        'memory:',
        '--cache-dir',
        cacheDir,
        '--backend',
        'wasm',
        '--json',
        '-',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.params.loss).toBe('kl-temperature');
    expect(json.summary['test/accuracy']).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/kl-temperature: eval\/accuracy 0\.\d{4}/);
  });
  it('exits 2 with one line on a bad flag value', () => {
    const r = spawnSync('node', [bin, 'train', '--loss', 'kd', '--store', 'memory:', '--cache-dir', cacheDir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'kdlab: unknown loss "kd"; valid: ce, kl-temperature, cosine-temperature, cosine-scaling, mse-logits',
    ]);
  });
});
