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
    return {
      start(n, what) {
        total = n;
        label = what;
        t0 = now();
      },
      update(done, line) {
        baseline(done, line);
        if (line === undefined) return;
        const e = eta(done);
        output.write(`[${done}/${total ?? '?'}${e ? ` · ETA ${e}` : ''}] ${line}\n`);
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
