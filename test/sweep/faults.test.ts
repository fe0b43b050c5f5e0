/**
 * Faults with real processes (the built CLI, dist/): an agent killed with SIGKILL mid-run, and
 * `sweep run` killed with SIGKILL under its agents. Every wait is a bounded poll of the store or
 * the process table (/proc), never a timed assertion of speed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/storage/open-store.js';
import { runAgent } from '../../src/sweep/agent.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { createSweep } from '../../src/sweep/run-sweep.js';
import { STORE_MODES } from '../storage/helpers.js';

const bin = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const PROGRAMS = resolve(import.meta.dirname, '../../fixtures/programs');
const work = mkdtempSync(join(tmpdir(), 'kdlab-faults-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function kdlab(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [bin, ...args], {
    cwd: work,
    env: { ...process.env, KDLAB_HEARTBEAT_MS: '100', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Polls until `check` holds or `ms` pass; returns whether it held. */
async function eventually(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 100))) if (await check()) return true;
  return check();
}

/** A process's state letter and parent, from the process table; undefined once it is gone. */
function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Running (present and not a zombie waiting to be reaped). */
const alive = (pid: number) => {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z';
};

/** Every live descendant of `root`, from the process table. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s && s.state !== 'Z') children.set(s.ppid, [...(children.get(s.ppid) ?? []), Number(d)]);
  }
  const out: number[] = [];
  for (let todo = [root]; todo.length > 0;) {
    const next = children.get(todo.pop()!) ?? [];
    out.push(...next);
    todo.push(...next);
  }
  return out;
}

describe('kill -9 of `sweep run`', () => {
  it('leaves no agent and no sweep program running, and the agents record their runs as killed', async () => {
    const pidDir = join(work, 'pids');
    mkdirSync(pidDir);
    writeFileSync(
      join(work, 'hang.yaml'),
      `name: hang
method: grid
program: ${join(PROGRAMS, 'test-objective.py')}
metric: { name: eval/accuracy, goal: maximize }
parameters:
  x: { values: [0.1, 0.3] }
  temperature: { value: 4 }
  hang: { value: true }
  spawn_child: { value: true }
`,
    );
    const child = kdlab(['sweep', 'run', 'hang.yaml', '--store', 'hang.db', '--agents', '2'], { KDLAB_TEST_PID_DIR: pidDir });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, sig) => r(sig)));
    // Both programs have started (each writes its pid and its grandchild's).
    expect(await eventually(() => existsSync(pidDir) && readdirSync(pidDir).length === 2, 60_000)).toBe(true);
    const programs = readdirSync(pidDir).flatMap((f) => {
      const p = JSON.parse(readFileSync(join(pidDir, f), 'utf8')) as { pid: number; child: number | null };
      return [p.pid, ...(p.child !== null ? [p.child] : [])];
    });
    const tree = descendants(child.pid!);
    expect(tree).toEqual(expect.arrayContaining(programs));
    // Two agents, two watchdogs, two programs, two grandchildren at least.
    expect(tree.length).toBeGreaterThanOrEqual(8);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await eventually(() => tree.every((pid) => !alive(pid)), 30_000)).toBe(true);
    expect(tree.filter(alive)).toEqual([]);

    const store = await openStore(join(work, 'hang.db'), { mode: 'read' });
    try {
      const states = (await store.listRuns()).map((r) => r.state).sort();
      expect(states).toEqual(['killed', 'killed']);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('kill -9 of an agent running a sweep program', () => {
  it('its watchdog ends the program and everything it started', async () => {
    const pidDir = join(work, 'pids-agent');
    mkdirSync(pidDir);
    writeFileSync(
      join(work, 'hang-one.yaml'),
      `name: hang-one
method: grid
program: ${join(PROGRAMS, 'test-objective.py')}
metric: { name: eval/accuracy, goal: maximize }
parameters:
  x: { value: 0.1 }
  temperature: { value: 4 }
  hang: { value: true }
  spawn_child: { value: true }
`,
    );
    const create = kdlab(['sweep', 'create', 'hang-one.yaml', '--store', 'hang-one.db']);
    expect(await new Promise((r) => create.once('exit', r))).toBe(0);
    const agent = kdlab(['agent', 'hang-one', '--store', 'hang-one.db'], { KDLAB_TEST_PID_DIR: pidDir });
    const exited = new Promise<NodeJS.Signals | null>((r) => agent.once('exit', (_code, sig) => r(sig)));
    expect(await eventually(() => readdirSync(pidDir).length === 1, 60_000)).toBe(true);
    const [file] = readdirSync(pidDir);
    const p = JSON.parse(readFileSync(join(pidDir, file), 'utf8')) as { pid: number; child: number | null };
    const tree = descendants(agent.pid!);
    expect(tree).toEqual(expect.arrayContaining([p.pid, p.child!]));

    agent.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await eventually(() => tree.every((pid) => !alive(pid)), 30_000)).toBe(true);
    expect(tree.filter(alive)).toEqual([]);
  }, 120_000);
});

describe.each(STORE_MODES.filter((m) => m.name !== 'memory'))('kill -9 of an agent mid-run over $name', (mode) => {
  it.skipIf(mode.skip !== undefined)(
    'its run goes stale after stale_after, is retried, and the sweep ends with every grid point finished once',
    async () => {
      const location = await mode.fresh();
      const store = await location.open();
      try {
        const config = parseSweepConfig(
          `name: stale
method: grid
trainer: fake
stale_after: 2s
parameters:
  epochs: { value: 20 }
  fake_sleep_ms: { value: 100 }
  x: { values: [0.1, 0.3, 0.5] }
`,
          join(work, 'stale.yaml'),
        );
        const sweep = await createSweep(store, config);
        const victim = kdlab(['agent', sweep.id, '--store', location.url!, '--quiet']);
        const exited = new Promise<NodeJS.Signals | null>((r) => victim.once('exit', (_code, sig) => r(sig)));
        const running = async () => (await store.listRuns({ sweep: sweep.id })).some((r) => r.state === 'running');
        expect(await eventually(running, 60_000)).toBe(true);
        victim.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');

        // Another agent (here, in this process) finds the dead agent's run stale and retries it.
        const summary = await runAgent({ store, sweep: sweep.id, pollMs: 100, heartbeatMs: 100, logger: silentLogger });
        expect(summary.runs).toBeGreaterThanOrEqual(3);

        const runs = await store.listRuns({ sweep: sweep.id });
        const finished = runs.filter((r) => r.state === 'finished');
        expect(finished.map((r) => r.params.x).sort()).toEqual([0.1, 0.3, 0.5]);
        expect(new Set(finished.map((r) => r.key)).size).toBe(3);
        const crashed = runs.filter((r) => r.state === 'crashed');
        expect(crashed).toHaveLength(1);
        expect(crashed[0].error).toMatch(/heartbeat/);
        expect(runs.find((r) => r.key === crashed[0].key && r.attempt === 2)?.state).toBe('finished');
        expect(runs.filter((r) => r.state === 'running' || r.state === 'pending')).toEqual([]);
        expect((await store.getSweep(sweep.id))?.state).toBe('finished');
      } finally {
        await store.close();
        await location.dispose();
      }
    },
    120_000,
  );
});
