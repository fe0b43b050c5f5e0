import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, LogCapture, MetricSteps, parseMetricLine } from '../../../src/sweep/command/metrics.js';

describe('parseMetricLine', () => {
  it('reads a JSON object of numbers as a step, Python NaN and Infinity included', () => {
    expect(parseMetricLine('{"eval/accuracy": 0.9, "epoch": 2}')).toEqual({ kind: 'step', values: { 'eval/accuracy': 0.9, epoch: 2 } });
    const m = parseMetricLine('{"loss": NaN, "a": -Infinity, "b": Infinity}');
    expect(m).toEqual({ kind: 'step', values: { loss: NaN, a: -Infinity, b: Infinity } });
  });

  it('counts JSON-looking lines that are not objects of numbers as malformed; anything else is text', () => {
    for (const line of ['{bad', '{"a": "x"}', '{"a": [1]}', '{}', '{"a": true}', '{"a": "NaN"}'])
      expect(parseMetricLine(line)).toEqual({ kind: 'malformed' });
    for (const line of ['', 'epoch 1 done', '[1, 2]', '3']) expect(parseMetricLine(line)).toEqual({ kind: 'text' });
  });

  it('never throws, whatever the line (fuzz)', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (line) => void parseMetricLine(line)));
  });
});

describe('MetricSteps', () => {
  it('numbers steps by epoch, _step + 1 or count, and keeps the last value of each key as the summary', () => {
    const s = new MetricSteps();
    s.add('{"loss": 2}');
    s.add('{"_step": 4, "loss": 1, "acc": 0.5}');
    s.add('hello');
    s.add('{oops');
    s.add('{"epoch": 9, "acc": 0.75}');
    expect(s.steps).toEqual([
      { epoch: 1, loss: 2 },
      { epoch: 5, loss: 1, acc: 0.5 },
      { epoch: 9, acc: 0.75 },
    ]);
    expect(s.summary).toEqual({ loss: 1, acc: 0.75, epoch: 9 });
    expect(s.malformed).toBe(1);
  });
});

describe('LineSplitter', () => {
  it('joins lines split across chunks and hands over-long lines on as log text', () => {
    const lines: string[] = [];
    const long: string[] = [];
    const sp = new LineSplitter(
      (l) => lines.push(l),
      (t) => long.push(t),
      8,
    );
    sp.push('ab');
    sp.push('c\nde');
    sp.push('f\n0123456789');
    sp.push('abc\nlast');
    sp.end();
    expect(lines).toEqual(['abc', 'def', 'last']);
    expect(long.join('')).toBe('0123456789abc\n');
  });

  it('splits any chunking of a text into the same lines (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 10 }), fc.array(fc.nat({ max: 200 })), (parts, cuts) => {
        const text = parts.join('\n');
        const lines: string[] = [];
        const sp = new LineSplitter(
          (l) => lines.push(l),
          () => lines.push('<long>'),
          1000,
        );
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let prev = 0;
        for (const c of [...at, text.length]) {
          sp.push(text.slice(prev, c));
          prev = c;
        }
        sp.end();
        const expected = text.split('\n');
        if (expected[expected.length - 1] === '') expected.pop();
        expect(lines).toEqual(expected);
      }),
    );
  });
});

describe('LogCapture', () => {
  it('keeps everything while under the caps', () => {
    const log = new LogCapture(10, 10);
    log.write('hello\n');
    log.write('world\n');
    expect(log.text()).toBe('hello\nworld\n');
  });

  it('keeps the head and the tail of a flood, saying how much was left out', () => {
    const log = new LogCapture(4, 6);
    for (let i = 0; i < 1000; i++) log.write(`${i % 10}`.repeat(3));
    const text = log.text();
    expect(text).toBe(`0001\n[… ${3000 - 4 - 6} characters left out …]\n888999`);
    expect(log.lastLines(1)).toBe('888999');
  });
});
