import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/render/progress.js';

describe('createProgress', () => {
  it('lines: one line per step with done/total and an ETA from the pace since the first update', () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress('lines', { stream: new PassThrough(), write: (s) => void out.push(s), now: () => t });
    p.start(10, 'runs');
    p.update(4); // a resumed sweep: 4 runs were done before this command
    t = 30_000;
    p.update(5, 'run a finished');
    t = 60_000;
    p.update(6, 'run b finished');
    p.update(6); // no line: nothing printed
    p.stop();
    // 2 runs in 60 s → 30 s per run; 4 to go → 2 min.
    expect(out).toEqual(['[5/10 · ETA 2m30s] run a finished\n', '[6/10 · ETA 2m00s] run b finished\n']);
  });
  it('lines: steps without a line of their own print their count every 10 s and at the end', () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress('lines', { stream: new PassThrough(), write: (s) => void out.push(s), now: () => t });
    p.start(1000, 'comparisons');
    for (let done = 1; done <= 1000; done++) {
      t = done * 50; // 50 ms each: 50 s in all
      p.update(done);
    }
    p.stop();
    expect(out).toHaveLength(5); // at 10, 20, 30, 40 s and the last step
    expect(out[0]).toBe('[200/1000 · ETA 40s] comparisons\n');
    expect(out[4]).toBe('[1000/1000 · ETA 0s] comparisons\n');
  });
  it('lines: no ETA while the total is unknown', () => {
    const out: string[] = [];
    const p = createProgress('lines', { stream: new PassThrough(), write: (s) => void out.push(s), now: () => 0 });
    p.start(undefined, 'runs');
    p.update(1, 'run a finished');
    expect(out).toEqual(['[1/?] run a finished\n']);
  });
  it('none: writes nothing', () => {
    const out: string[] = [];
    const p = createProgress('none', { stream: new PassThrough(), write: (s) => void out.push(s) });
    p.start(3, 'runs');
    p.update(1, 'x');
    p.stop();
    expect(out).toEqual([]);
  });
  it('bar: draws on its stream, with the step lines above it', () => {
    const stream = new PassThrough();
    let drawn = '';
    stream.on('data', (d: Buffer) => (drawn += d.toString()));
    // cli-progress draws only on a TTY unless told otherwise: pretend to be one.
    Object.assign(stream, { isTTY: true, columns: 120, cursorTo() {}, clearLine() {}, moveCursor() {} });
    let t = 0;
    const p = createProgress('bar', { stream, write: () => {}, now: () => t });
    p.start(4, 'runs');
    p.update(0);
    t = 10_000;
    p.update(1, 'run a finished');
    p.stop();
    expect(drawn).toContain('run a finished');
    expect(drawn).toMatch(/1\/4 runs \| ETA 30s/);
  });
});
