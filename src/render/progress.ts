/**
 * The one progress display of long commands (sweep run, experiment, demo, rerun, train): a
 * cli-progress bar on a terminal, one line per step elsewhere (logs, CI), or nothing.
 *
 * Both modes show done/total and an ETA from this command's own pace: steps done since its first
 * update over the time they took, so a resumed sweep's earlier runs do not make it look fast.
 */
import cliProgress from 'cli-progress';
import type { Progress, ProgressMode } from '../commands/context.js';
import { formatDuration } from './format.js';

export interface ProgressOutput {
  /** Where the bar draws (a TTY stream). */
  readonly stream: NodeJS.WritableStream;
  /** Where `lines` mode writes its lines. */
  readonly write: (text: string) => void;
  /** Milliseconds clock (tests pass a fixed one). */
  readonly now?: () => number;
}

/** In `lines` mode, how often a step without a line of its own is reported. */
const LINES_INTERVAL_MS = 10_000;

export function createProgress(mode: ProgressMode, output: ProgressOutput): Progress {
  if (mode === 'none') return { start() {}, update() {}, stop() {} };
  const now = output.now ?? Date.now;
  let total: number | undefined;
  let label = '';
  let t0 = now();
  // Steps already done when this command began counting (a resumed sweep): not part of its pace.
  let base: number | undefined;
  const eta = (done: number): string | undefined => {
    const elapsed = (now() - t0) / 1000;
    if (total === undefined || base === undefined || done <= base || !(elapsed > 0)) return undefined;
    const rate = (done - base) / elapsed;
    return formatDuration(Math.max(0, total - done) / rate);
  };
  const baseline = (done: number, line: string | undefined) => {
    base ??= line === undefined ? done : Math.max(0, done - 1);
  };

  if (mode === 'lines') {
    let written = now();
    let shown = -1;
    return {
      start(n, what) {
        total = n;
        label = what;
        t0 = now();
        written = t0;
      },
      update(done, line) {
        baseline(done, line);
        // Steps without a line of their own (a report's comparisons) still show that the command
        // moves: their count at most every LINES_INTERVAL_MS, and when the last one is done.
        if (line === undefined && !(done === total || now() - written >= LINES_INTERVAL_MS)) return;
        if (line === undefined && done <= shown) return;
        const e = eta(done);
        output.write(`[${done}/${total ?? '?'}${e ? ` · ETA ${e}` : ''}] ${line ?? label}\n`);
        written = now();
        shown = done;
      },
      stop() {},
    };
  }

  let multi: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(n, what) {
      total = n;
      label = what;
      t0 = now();
      if (bar) bar.setTotal(n ?? 0);
    },
    update(done, line) {
      baseline(done, line);
      if (!multi) {
        multi = new cliProgress.MultiBar(
          { format: '{bar} {value}/{total} {label} | ETA {remaining}', hideCursor: true, stream: output.stream, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar = multi.create(total ?? done, done, { label, remaining: '-' });
      }
      if (total === undefined) bar!.setTotal(done);
      bar!.update(done, { label, remaining: eta(done) ?? '-' });
      if (line !== undefined) {
        multi.log(`${line}\n`);
        // Redraw now, so the line shows when its step ends rather than at the next tick.
        multi.update();
      }
    },
    stop() {
      multi?.stop();
      multi = undefined;
      bar = undefined;
    },
  };
}
