/**
 * The command trainer end to end through runAgent: real Python (stdlib) and Node programs from
 * fixtures/programs/, each run in its own process group, checked against the store and the
 * process table (/proc).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/domain/run.js';
import { UsageError } from '../../../src/errors.js';
import { LocalLogger } from '../../../src/log/logger.js';
import { MemoryStore } from '../../../src/storage/memory.js';
import type { Store } from '../../../src/storage/store.js';
import { enqueueGrid, prepareTrainer, runAgent } from '../../../src/sweep/agent.js';
import { parseSweepConfig } from '../../../src/sweep/config.js';
import { sweepRun } from '../../../src/commands/sweep-run.js';
import { createTestContext } from '../../helpers/context.js';
import { openStore } from '../../../src/storage/open-store.js';
import { STORE_MODES } from '../../storage/helpers.js';

const PROGRAMS = resolve(import.meta.dirname, '../../../fixtures/programs');
const fast = { heartbeatMs: 50, pollMs: 20 };
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kdlab-command-'));
  process.env.KDLAB_TEST_PID_DIR = join(work, 'pids');
  process.env.KDLAB_KILL_GRACE_MS = '300';
  mkdirSync(process.env.KDLAB_TEST_PID_DIR);
});
afterAll(() => {
  delete process.env.KDLAB_TEST_PID_DIR;
  delete process.env.KDLAB_KILL_GRACE_MS;
  rmSync(work, { recursive: true, force: true });
});

/** A sweep from YAML as if read from fixtures/programs/, so a relative `program` resolves there. */
async function sweepOf(store: Store, yaml: string) {
  const config = parseSweepConfig(yaml, join(PROGRAMS, 'test-sweep.yaml'));
  const sweep = await store.createSweep({
    name: config.name,
    method: config.method,
    metric: config.metric,
    config: config.raw,
    seed: config.seed,
  });
  await enqueueGrid({ store, sweep, config });
  return { sweep, config };
}

/** What the Python objective prints for epoch e; the same IEEE operations in the same order. */
const accuracy = (x: number, t: number, e: number) => (x * t) / (t + e) + e / 8;

function pidsOf(run: RunRecord): { pid: number; pgid: number; child: number | null } {
  return JSON.parse(readFileSync(join(process.env.KDLAB_TEST_PID_DIR!, `${run.id}.pid`), 'utf8')) as never;
}

/** Whether a process runs: present in /proc and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The process group of a process, from the process table. */
function groupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** Members of a process group, from the process table. */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(d));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Waits (bounded) for a condition that a signal makes true asynchronously. */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 20))) if (check()) return true;
  return check();
}

const grid = (extra = '') => `name: py-grid
method: grid
program: test-objective.py
metric: { name: eval/accuracy, goal: maximize }
parameters:
  x: { values: [0.1, 0.3, 0.5] }
  temperature: { values: [1.5, 4] }
${extra}`;

describe.each(STORE_MODES)('command trainer over $name', (mode) => {
  it('a grid of a Python program with 2 agents records every point once, with the exact values printed', async (ctx) => {
    if (mode.skip) ctx.skip(mode.skip);
    const loc = await mode.fresh();
    const stores = [await loc.open(), await loc.open()];
    try {
      const { sweep } = await sweepOf(stores[0], grid());
      const shared = mode.name === 'memory' ? [stores[0], stores[0]] : stores;
      const summaries = await Promise.all(shared.map((store, i) => runAgent({ store, sweep: sweep.id, worker: `a${i}`, ...fast })));
      expect(summaries.reduce((n, s) => n + s.runs, 0)).toBe(6);
      const runs = await stores[0].listRuns({ sweep: sweep.id, withHistory: true });
      expect(runs).toHaveLength(6);
      const points = runs.map((r) => `${r.params.x}/${r.params.temperature}`).sort();
      expect(points).toEqual(['0.1/1.5', '0.1/4', '0.3/1.5', '0.3/4', '0.5/1.5', '0.5/4']);
      for (const r of runs) {
        const [x, t] = [r.params.x as number, r.params.temperature as number];
        expect(r.state).toBe('finished');
        expect(r.summary['eval/accuracy']).toBe(accuracy(x, t, 3));
        expect(r.summary['train/loss']).toBe(1 / 3);
        expect(r.history?.map((h) => [h.epoch, h['eval/accuracy']])).toEqual([1, 2, 3].map((e) => [e, accuracy(x, t, e)]));
        expect(r.backend).toBe('command');
        const log = await stores[0].getRunLog(r.id);
        const py = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v)); // Python's str(float)
        expect(log).toContain(`training x=${py(x)} temperature=${py(t)} seed=0`);
        expect(log).toContain('{not json');
        expect(log).not.toContain('eval/accuracy');
      }
      expect((await stores[0].getSweep(sweep.id))?.state).toBe('finished');
    } finally {
      for (const s of stores) await s.close();
      await loc.dispose();
    }
  }, 60_000);
});

describe('command trainer: outcomes', () => {
  it('retries a configuration whose program exits non-zero, then fails it with the exit code and log tail, leaving the others finished', async () => {
    const store = new MemoryStore();
    const logger = new LocalLogger();
    const { sweep } = await sweepOf(store, grid('max_retries: 1\n').replace('parameters:\n', 'parameters:\n  fail_x: { value: 0.3 }\n'));
    await runAgent({ store, sweep: sweep.id, logger, ...fast });
    const runs = await store.listRuns({ sweep: sweep.id });
    const failing = runs.filter((r) => r.params.x === 0.3);
    expect(failing.map((r) => [r.params.temperature, r.attempt, r.state])).toEqual([
      [1.5, 1, 'failed'],
      [4, 1, 'failed'],
      [1.5, 2, 'failed'],
      [4, 2, 'failed'],
    ]);
    for (const r of failing) {
      expect(r.error).toMatch(/exited with code 3; last lines:\n[\s\S]*error: this configuration diverged/);
      expect(await store.getRunLog(r.id)).toContain('error: this configuration diverged');
    }
    expect(runs.filter((r) => r.params.x !== 0.3).map((r) => r.state)).toEqual(['finished', 'finished', 'finished', 'finished']);
    expect(logger.warns.some((w) => w.includes('retrying its config (attempt 2 of 2)'))).toBe(true);
  }, 60_000);

  it('fails a run that exits 0 without the metric, saying so, and does not retry it', async () => {
    const store = new MemoryStore();
    const { sweep } = await sweepOf(store, grid().replace('parameters:\n', 'parameters:\n  silent: { value: true }\n'));
    await runAgent({ store, sweep: sweep.id, count: 1, ...fast });
    const runs = await store.listRuns({ sweep: sweep.id });
    expect(runs[0].state).toBe('failed');
    expect(runs[0].error).toBe(
      `the program exited 0 but never printed the sweep's metric "eval/accuracy" (3 metric lines, 1 malformed); print a JSON line such as {"eval/accuracy": 0.9}`,
    );
    expect(runs.filter((r) => r.attempt === 2)).toEqual([]);
  }, 30_000);

  it('ends a hanging program at run_timeout, its whole process group, and fails the run as timed out', async () => {
    const store = new MemoryStore();
    const yaml = grid('run_timeout: 5s\n').replace(
      'parameters:\n',
      'parameters:\n  hang: { value: true }\n  spawn_child: { value: true }\n',
    );
    const { sweep } = await sweepOf(store, yaml);
    await runAgent({ store, sweep: sweep.id, count: 1, ...fast });
    const [run] = await store.listRuns({ sweep: sweep.id });
    expect(run.state).toBe('failed');
    expect(run.error).toBe('timed out after run_timeout 5s; its process group was ended');
    expect((await store.getRun(run.id))!.history).toHaveLength(3);
    const { pid, pgid, child } = pidsOf(run);
    // Detached: the program's group (led by its watchdog) is not the agent's.
    expect(pgid).not.toBe(groupOf(process.pid));
    expect(await eventually(() => !alive(pid) && !alive(child!))).toBe(true);
    expect(groupMembers(pgid)).toEqual([]);
  }, 30_000);

  it('keeps heartbeating while the program runs: another agent reaping stale runs leaves it alone', async () => {
    const store = new MemoryStore();
    const { sweep } = await sweepOf(store, grid('run_timeout: 3s\n').replace('parameters:\n', 'parameters:\n  hang: { value: true }\n'));
    const done = runAgent({ store, sweep: sweep.id, count: 1, ...fast });
    const crashed: RunRecord[] = [];
    let ended = false;
    void done.finally(() => (ended = true));
    // What another agent does between its runs, with a stale limit 10 heartbeats long.
    while (!ended) {
      crashed.push(...(await store.markStaleRunsCrashed(500, { sweep: sweep.id })));
      await new Promise((r) => setTimeout(r, 100));
    }
    await done;
    expect(crashed).toEqual([]);
    const [run] = await store.listRuns({ sweep: sweep.id });
    expect(run.error).toMatch(/^timed out/);
  }, 30_000);

  it('kills a program that ignores SIGTERM after the grace period', async () => {
    const store = new MemoryStore();
    const yaml = grid('run_timeout: 5s\n').replace(
      'parameters:\n',
      'parameters:\n  hang: { value: true }\n  ignore_term: { value: true }\n',
    );
    const { sweep } = await sweepOf(store, yaml);
    await runAgent({ store, sweep: sweep.id, count: 1, ...fast });
    const [run] = await store.listRuns({ sweep: sweep.id });
    expect(run.error).toMatch(/^timed out/);
    expect(alive(pidsOf(run).pid)).toBe(false);
  }, 30_000);

  it('hyperband prunes a program mid-run from the lines it prints, and its process is gone', async () => {
    const store = new MemoryStore();
    const yaml = `name: prune
method: grid
program: test-objective.py
metric: { name: eval/accuracy, goal: maximize }
early_terminate: { type: hyperband, min_iter: 2, eta: 2, s: 1 }
run_timeout: 60s
parameters:
  x: { values: [0.5, 0.1] }
  hang_unless_x: { value: 0.5 }
  spawn_child: { value: true }
`;
    const { sweep } = await sweepOf(store, yaml);
    await runAgent({ store, sweep: sweep.id, ...fast });
    const runs = await store.listRuns({ sweep: sweep.id, withHistory: true });
    expect(runs.map((r) => [r.params.x, r.state])).toEqual([
      [0.5, 'finished'],
      [0.1, 'pruned'],
    ]);
    const pruned = runs[1];
    expect(pruned.history!.length).toBeGreaterThanOrEqual(2);
    const { pid, pgid, child } = pidsOf(pruned);
    expect(await eventually(() => !alive(pid) && !alive(child!))).toBe(true);
    expect(groupMembers(pgid)).toEqual([]);
  }, 60_000);

  it('Ctrl-C (the abort signal) kills the run and leaves no child process', async () => {
    const store = new MemoryStore();
    const { sweep } = await sweepOf(
      store,
      grid().replace('parameters:\n', 'parameters:\n  hang: { value: true }\n  spawn_child: { value: true }\n'),
    );
    const ac = new AbortController();
    const agentDone = runAgent({ store, sweep: sweep.id, signal: ac.signal, ...fast });
    // Interrupt once the program (and its grandchild) runs: it has written its pid file.
    let running: RunRecord | undefined;
    for (let i = 0; i < 1000 && !running; i++) {
      const [r] = await store.listRuns({ sweep: sweep.id, states: ['running'] });
      if (r && existsSync(join(process.env.KDLAB_TEST_PID_DIR!, `${r.id}.pid`))) running = r;
      else await new Promise((res) => setTimeout(res, 20));
    }
    ac.abort();
    await agentDone;
    const run = (await store.getRun(running!.id))!;
    expect(run.state).toBe('killed');
    const { pid, pgid, child } = pidsOf(run);
    expect(await eventually(() => !alive(pid) && !alive(child!))).toBe(true);
    expect(groupMembers(pgid)).toEqual([]);
  }, 60_000);

  it('passes parameters as arguments, never through a shell, with the KDLAB_* environment; reads KDLAB_METRICS_FILE', async () => {
    const store = new MemoryStore();
    const out = join(work, 'echo');
    mkdirSync(out);
    const yaml = `name: echo
method: grid
program: test-echo.mjs
command: ['\${env}', '\${interpreter}', '\${program}', '\${args}', '--all=\${args_json}', '\${args_no_boolean_flags}']
metric: { name: score, goal: maximize }
parameters:
  x: { value: 0.25 }
  note: { value: '; rm -rf x $(touch pwned) \`id\`' }
  flag: { value: true }
  out_dir: { value: ${JSON.stringify(out)} }
`;
    const { sweep } = await sweepOf(store, yaml);
    await runAgent({ store, sweep: sweep.id, gpu: '1', ...fast });
    const [run] = await store.listRuns({ sweep: sweep.id, withHistory: true });
    expect(run.state).toBe('finished');
    expect(run.summary).toEqual({ score: 0.75 });
    expect(run.history).toEqual([
      { epoch: 1, score: 0.5 },
      { epoch: 2, score: 0.75 },
    ]);
    const seen = JSON.parse(readFileSync(join(out, `${run.id}.json`), 'utf8')) as {
      argv: string[];
      env: Record<string, string>;
      paramsFile: unknown;
    };
    const params = { seed: 0, x: 0.25, note: '; rm -rf x $(touch pwned) `id`', flag: true, out_dir: out };
    expect(seen.argv).toEqual([
      '--seed=0',
      '--x=0.25',
      '--note=; rm -rf x $(touch pwned) `id`',
      '--flag=True',
      `--out_dir=${out}`,
      `--all=${JSON.stringify(params)}`,
      '--seed=0',
      '--x=0.25',
      '--note=; rm -rf x $(touch pwned) `id`',
      '--flag',
      `--out_dir=${out}`,
    ]);
    expect(seen.paramsFile).toEqual(params);
    expect(seen.env).toMatchObject({ KDLAB_RUN_ID: run.id, KDLAB_SWEEP: 'echo', KDLAB_SEED: '0', CUDA_VISIBLE_DEVICES: '1' });
    expect(existsSync('pwned')).toBe(false);
    expect(run.device).toBe('CUDA_VISIBLE_DEVICES=1');
    expect(await store.getRunLog(run.id)).toBe('noise on stdout that is not a metric\n');
  }, 30_000);

  it('a missing program stops the sweep before any run, with one line', async () => {
    const store = new MemoryStore();
    const { sweep, config } = await sweepOf(store, grid().replace('test-objective.py', 'no-such-program.py'));
    await expect(runAgent({ store, sweep: sweep.id, ...fast })).rejects.toThrow(UsageError);
    expect((await store.countRuns({ sweep: sweep.id })).pending).toBe(6);
    const err = await prepareTrainer(config.trainer, config.trainerSettings, new LocalLogger()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      `program ${join(PROGRAMS, 'no-such-program.py')} does not exist; \`program:\` is resolved against the sweep file's folder`,
    );
  });

  it('kdlab sweep run with a missing program is one line, and records no sweep', async () => {
    const file = join(work, 'missing.yaml');
    writeFileSync(file, grid().replace('test-objective.py', 'no-such-program.py'));
    const db = join(work, 'missing.db');
    await expect(sweepRun({ config: file, store: db, agents: 1, progress: 'none' }, createTestContext())).rejects.toThrow(
      `program ${join(work, 'no-such-program.py')} does not exist; \`program:\` is resolved against the sweep file's folder`,
    );
    const store = await openStore(db);
    expect(await store.listSweeps()).toEqual([]);
    await store.close();
  });

  it('keeps a run that prints megabytes within the log cap', async () => {
    const store = new MemoryStore();
    const script = join(work, 'flood.py');
    writeFileSync(
      script,
      'import json, sys\nfor i in range(40000):\n    sys.stdout.write("x" * 100 + "\\n")\nprint(json.dumps({"score": 1.5}))\nsys.stdout.write("y" * 200000)\n',
    );
    const config = parseSweepConfig(
      `name: flood\nmethod: grid\nprogram: ${script}\nmetric: { name: score, goal: maximize }\nparameters:\n  a: { value: 1 }\n`,
      'flood.yaml',
    );
    const sweep = await store.createSweep({ name: 'flood', method: 'grid', metric: config.metric, config: config.raw });
    await enqueueGrid({ store, sweep, config });
    await runAgent({ store, sweep: sweep.id, ...fast });
    const [run] = await store.listRuns({ sweep: sweep.id });
    expect(run.summary).toEqual({ score: 1.5 });
    const log = (await store.getRunLog(run.id))!;
    expect(log.length).toBeLessThan(100 * 1024);
    expect(log).toMatch(/^x{100}\n/);
    expect(log).toMatch(/\[… \d+ characters left out …\]/);
  }, 30_000);
});
