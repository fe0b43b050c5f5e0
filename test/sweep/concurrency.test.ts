/**
 * Parallel agents in separate processes on a shared store (SQLite file, PostgreSQL when
 * KDLAB_TEST_PG is set), with the fake trainer: the claiming and storage code is the real one.
 * Outcomes are asserted, never timings. `npm test` builds dist/ first (agents run compiled code).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RunRecord } from '../../src/domain/run.js';
import { openStore } from '../../src/storage/open-store.js';
import { createSweep, runSweep } from '../../src/sweep/run-sweep.js';
import { paramsKey } from '../../src/sweep/space.js';
import { loadSweepConfig } from '../../src/sweep/config.js';

const PG = process.env.KDLAB_TEST_PG;
const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kdlab-sweep-'));
const schemas: string[] = [];

// Short heartbeats so a dead agent is noticed within seconds (read by agents from the environment).
process.env.KDLAB_HEARTBEAT_MS = '100';
process.env.KDLAB_STALE_MS = '1500';

let n = 0;
function freshStore(engine: 'sqlite' | 'postgres'): string {
  n++;
  if (engine === 'sqlite') return `sqlite:${join(dir, `runs-${n}.db`)}`;
  const schema = `kdlab_sweep_test_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  return `${PG}${PG!.includes('?') ? '&' : '?'}schema=${schema}`;
}

function configFile(name: string, yaml: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

const GRID_60 = `name: grid60
method: grid
trainer: fake
epochs: 2
parameters:
  x: { values: [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9] }
  temperature: { values: [1, 2, 4] }
`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (PG && schemas.length) {
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await client.end();
  }
});

/** Opens the store, as the command does, and runs the sweep of `file` with `agents` agent processes. */
async function sweepAt(url: string, file: string, agents: number) {
  const store = await openStore(url);
  try {
    return (await runSweep(store, await loadSweepConfig(file), { storeUrl: url, agents })).progress;
  } finally {
    await store.close();
  }
}

async function runsOf(url: string, sweep: string): Promise<RunRecord[]> {
  const store = await openStore(url);
  try {
    return await store.listRuns({ sweep });
  } finally {
    await store.close();
  }
}

describe.each([
  { engine: 'sqlite' as const, skip: false },
  { engine: 'postgres' as const, skip: !PG },
])('3 agent processes on $engine', ({ engine, skip }) => {
  it.skipIf(skip)('run a 60-point grid: exactly 60 finished runs, each point once, no lost rows', async () => {
    const store = freshStore(engine);
    const final = await sweepAt(store, configFile(`grid-${engine}`, GRID_60), 3);
    expect(final).toMatchObject({ done: 60, total: 60, finished: 60, running: 0, pending: 0, failed: 0, crashed: 0 });
    const runs = await runsOf(store, 'grid60');
    expect(runs).toHaveLength(60);
    expect(runs.every((r) => r.state === 'finished' && r.attempt === 1)).toBe(true);
    expect(new Set(runs.map((r) => paramsKey(r.params))).size).toBe(60);
    expect(runs.every((r) => typeof r.summary['eval/accuracy'] === 'number')).toBe(true);
    // the work was shared: more than one agent process claimed runs
    expect(new Set(runs.map((r) => r.worker)).size).toBeGreaterThan(1);
  });

  it.skipIf(skip)('run TPE under a run cap: exactly run_cap runs, no slot taken twice', async () => {
    const store = freshStore(engine);
    const file = configFile(
      `bayes-${engine}`,
      `name: tpe
method: bayes
trainer: fake
run_cap: 24
parameters:
  learning_rate: { distribution: log_uniform_values, min: 0.00001, max: 1 }
  w_hard: { distribution: uniform, min: 0.0, max: 1.0 }
`,
    );
    const final = await sweepAt(store, file, 3);
    expect(final).toMatchObject({ done: 24, total: 24, finished: 24 });
    const runs = await runsOf(store, 'tpe');
    expect(runs).toHaveLength(24);
    expect(new Set(runs.map((r) => r.key)).size).toBe(24);
    expect(new Set(runs.map((r) => paramsKey(r.params))).size).toBe(24);
  });
});

describe('kill -9 of an agent mid-run (SQLite)', () => {
  const agents: ChildProcess[] = [];
  afterAll(() => {
    for (const a of agents) if (a.exitCode === null && a.signalCode === null) a.kill('SIGKILL');
  });

  it('ends its run as crashed, retries the config on another agent, and the sweep completes', async () => {
    const store = freshStore('sqlite');
    const file = configFile(
      'crash',
      `name: crash
method: grid
trainer: fake
epochs: 4
parameters:
  x: { values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] }
  fake_sleep_ms: { value: 150 }
`,
    );
    const opened = await openStore(store);
    const sweep = await createSweep(opened, await loadSweepConfig(file));
    await opened.close();
    const start = () =>
      spawn(process.execPath, [bin, 'agent', sweep.id, '--store', store, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const victim = start();
    agents.push(victim);
    // wait until the victim trains a run, then kill it without warning
    let running: RunRecord | undefined;
    for (let i = 0; i < 400 && !running; i++) {
      await new Promise((r) => setTimeout(r, 25));
      running = (await runsOf(store, sweep.id)).find((r) => r.state === 'running' && r.worker?.split(':')[1] === String(victim.pid));
    }
    expect(running).toBeDefined();
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));

    const survivor = start();
    agents.push(survivor);
    const code = await new Promise((r) => survivor.once('exit', r));
    expect(code).toBe(0);

    const runs = await runsOf(store, sweep.id);
    const dead = runs.find((r) => r.id === running!.id)!;
    expect(dead.state).toBe('crashed');
    const retry = runs.find((r) => r.key === dead.key && r.attempt === 2);
    expect(retry?.state).toBe('finished');
    expect(retry?.worker).not.toBe(dead.worker);
    // every grid point finished exactly once; the only other row is the crashed attempt
    const finished = runs.filter((r) => r.state === 'finished');
    expect(new Set(finished.map((r) => r.key)).size).toBe(6);
    expect(finished).toHaveLength(6);
    expect(runs.filter((r) => r.state !== 'finished').map((r) => r.id)).toEqual([dead.id]);
    const st = await openStore(store);
    expect((await st.getSweep(sweep.id))?.state).toBe('finished');
    await st.close();
  });
});
