/**
 * The terminal's plain-text tables (pure strings): one layout for every command's tables — the
 * report's, `sweep status`, `runs ls` and `rerun`'s winner's-curse table.
 */
import type { WinnersCurseResult } from '../experiment/winners-curse.js';
import type { SweepSummary } from '../runs/list-sweeps.js';
import type { SweepProgress } from '../sweep/status.js';
import { RUN_STATES } from '../domain/run.js';
import { formatDf, formatFixed, formatNumber } from './format.js';

/** How a column aligns: text left, numbers right (on the decimal point when they share a precision). */
export type Align = 'left' | 'right';

/** Columns padded to their widest cell, two spaces apart; by default the first left and the rest right. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: (column: number) => Align = (c) => (c === 0 ? 'left' : 'right'),
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((s, c) => (align(c) === 'left' ? s.padEnd(widths[c]) : s.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Text cut to `max` characters (by code point), its head kept and the cut marked "…". */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** `kdlab sweep status`: one row per sweep. */
export function formatStatusTable(rows: readonly SweepProgress[]): string {
  const header = ['sweep', 'method', 'state', 'done/total', 'running', 'failed', 'crashed', 'pruned', 'best'];
  const body = rows.map((r) => [
    r.sweep,
    r.method,
    r.state,
    `${r.done}/${r.total ?? '∞'}`,
    String(r.running),
    String(r.failed),
    String(r.crashed),
    String(r.pruned),
    r.best ? `${r.metric}=${formatFixed(r.best.value)}` : '-',
  ]);
  return table(header, body, () => 'left');
}

/** `kdlab runs ls`: every sweep with its run counts (only states some sweep has get a column). */
export function formatSweepTable(rows: readonly SweepSummary[]): string {
  if (rows.length === 0) return 'no sweeps in this store\n';
  const states = RUN_STATES.filter((s) => rows.some((r) => r.counts[s] > 0));
  const header = ['sweep', 'method', 'state', 'runs', ...states, 'metric', 'best'];
  const body = rows.map((r) => [
    r.sweep.name,
    r.sweep.method,
    r.sweep.state,
    String(r.total),
    ...states.map((s) => String(r.counts[s])),
    `${r.sweep.metric.name} (${r.sweep.metric.goal === 'maximize' ? 'max' : 'min'})`,
    r.best === undefined ? '–' : formatNumber(r.best),
  ]);
  const numeric = new Set(header.flatMap((h, i) => (h === 'runs' || h === 'best' || (states as readonly string[]).includes(h) ? [i] : [])));
  return table(header, body, (c) => (numeric.has(c) ? 'right' : 'left')) + '\n';
}

/** `kdlab rerun`: optimism per sweep's configuration, then one line per comparison. */
export function formatWinnersCurse(r: WinnersCurseResult): string {
  const header = ['sweep', 'rank', 'selected', 're-run mean', 'sd', 'n', 'optimism', '95% CI'];
  const rows = r.sweeps.flatMap((s) =>
    s.configs.map((c) => [
      s.sweep,
      String(c.rank),
      formatFixed(c.selectedValue),
      formatFixed(c.rerun.mean),
      formatFixed(c.rerun.sd),
      String(c.rerun.n),
      signed(c.optimism),
      `[${signed(c.optimismCi[0])}, ${signed(c.optimismCi[1])}]`,
    ]),
  );
  const out = [
    `winner's curse: ${r.metric.name} (${r.metric.goal}), top ${r.top} per sweep × ${r.seeds.length} fresh seeds; optimism = how far the sweep's value overstated its re-runs`,
    table(header, rows),
  ];
  if (r.comparisons.length > 0) {
    out.push('', `re-run comparisons (${r.adjust === 'none' ? 'unadjusted' : `${r.adjust}-adjusted`} p-values):`);
    for (const c of r.comparisons)
      out.push(`  ${c.sentence} t = ${formatFixed(c.statistic, 3)}, df = ${formatDf(c.df)}, mean difference ${signed(c.meanDifference)}`);
  }
  return out.join('\n');
}

/** A difference with its sign always shown: +0.0123, −0.0040. */
function signed(v: number): string {
  if (!Number.isFinite(v)) return formatFixed(v);
  return `${v >= 0 ? '+' : '−'}${formatFixed(Math.abs(v))}`;
}
