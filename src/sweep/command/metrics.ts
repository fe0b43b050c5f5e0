/**
 * The metrics protocol of a sweep program, and its log.
 *
 * A line that is a JSON object whose values are all numbers is one logged step (as `wandb.log`);
 * `epoch` or `_step` in it numbers the step, otherwise steps count from 1. Python's json writes
 * NaN and ±Infinity bare, so those are read too. A line that starts with `{` but is not such an
 * object is counted as malformed and kept in the log; any other line is log only.
 *
 * The log keeps the first `headBytes` and the last `tailBytes` of what the program printed, so a
 * program printing megabytes per second costs a bounded amount of memory.
 */

export type MetricLine = { kind: 'step'; values: Record<string, number> } | { kind: 'malformed' } | { kind: 'text' };

export function parseMetricLine(line: string): MetricLine {
  const s = line.trim();
  if (!s.startsWith('{')) return { kind: 'text' };
  let obj: unknown;
  try {
    obj = JSON.parse(s);
  } catch {
    try {
      // Python's json.dumps(float('nan')) writes NaN; map the bare tokens outside strings to numbers.
      obj = JSON.parse(s.replace(/("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g, (m, str: string | undefined) => (str ? m : `"\\u0000${m}"`)));
    } catch {
      return { kind: 'malformed' };
    }
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return { kind: 'malformed' };
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'number') values[k] = v;
    else if (typeof v === 'string' && v.startsWith('\u0000')) values[k] = Number(v.slice(1));
    else return { kind: 'malformed' };
  }
  if (Object.keys(values).length === 0) return { kind: 'malformed' };
  return { kind: 'step', values };
}

/**
 * Accumulates steps: each becomes an EpochLog-shaped record (`epoch` from `epoch`, `_step` + 1, or
 * the count), and the summary holds the last value of each key, as in W&B.
 */
export class MetricSteps {
  readonly steps: ({ epoch: number } & Record<string, number>)[] = [];
  readonly summary: Record<string, number> = {};
  malformed = 0;

  /** Adds a line; returns the step it made, if any. */
  add(line: string): ({ epoch: number } & Record<string, number>) | undefined {
    const m = parseMetricLine(line);
    if (m.kind === 'malformed') this.malformed++;
    if (m.kind !== 'step') return undefined;
    const { _step, epoch, ...rest } = m.values;
    const n = Number.isFinite(epoch) ? epoch : Number.isFinite(_step) ? _step + 1 : this.steps.length + 1;
    const step = { ...rest, epoch: n };
    this.steps.push(step);
    Object.assign(this.summary, rest);
    if (epoch !== undefined) this.summary.epoch = epoch;
    return step;
  }
}

/**
 * Splits a text stream into lines. A line longer than `maxLine` cannot be a metric line worth
 * keeping: it goes to `onLong` in pieces as it arrives, so no line grows memory without bound.
 */
export class LineSplitter {
  private partial = '';
  private long = false;
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onLong: (text: string) => void = () => {},
    private readonly maxLine = 64 * 1024,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, i);
      if (this.long) this.onLong(`${piece}\n`);
      else this.onLine(this.partial + piece);
      this.partial = '';
      this.long = false;
      start = i + 1;
    }
    const rest = chunk.slice(start);
    if (this.long) return this.onLong(rest);
    this.partial += rest;
    if (this.partial.length > this.maxLine) {
      this.onLong(this.partial);
      this.partial = '';
      this.long = true;
    }
  }

  end(): void {
    if (this.partial) this.onLine(this.partial);
    this.partial = '';
    this.long = false;
  }
}

/** The first `headBytes` and last `tailBytes` of a stream, with a count of what was left out between. */
export class LogCapture {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  private dropped = 0;

  constructor(
    private readonly headBytes = 32 * 1024,
    private readonly tailBytes = 64 * 1024,
  ) {}

  write(text: string): void {
    if (this.head.length < this.headBytes) {
      const take = text.slice(0, this.headBytes - this.head.length);
      this.head += take;
      text = text.slice(take.length);
      if (!text) return;
    }
    this.tail.push(text);
    this.tailLength += text.length;
    while (this.tailLength > this.tailBytes && this.tail.length > 0) {
      const extra = this.tailLength - this.tailBytes;
      const first = this.tail[0];
      if (first.length <= extra) {
        this.tail.shift();
        this.tailLength -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.slice(extra);
        this.tailLength -= extra;
        this.dropped += extra;
      }
    }
  }

  /** The log as stored: head, a marker where output was left out, tail. */
  text(): string {
    const tail = this.tail.join('');
    if (this.dropped === 0) return this.head + tail;
    return `${this.head}\n[… ${this.dropped} characters left out …]\n${tail}`;
  }

  /** The last `lines` lines, for an error message. */
  lastLines(lines = 20): string {
    const all = this.text().replace(/\s+$/, '').split('\n');
    return all.slice(-lines).join('\n');
  }
}
