/**
 * Writing a report (I/O): results JSON (`--json`), the Markdown summary (`--markdown`), and the
 * HTML archive (archive.ts). `-` writes to stdout; files are written atomically.
 */
import { resolve } from 'node:path';
import type { ReportModel } from '../analysis/model.js';
import type { CommandContext } from '../commands/context.js';
import { writeFileAtomic } from '../util/fs.js';
import { toJson } from '../util/json.js';
import type { AxisScale } from '../render/specs/boxplot.js';

export interface WriteOutputs {
  /** results JSON to this file, or `-` for stdout. */
  readonly json?: string;
  /** Markdown summary to this file, or `-` for stdout. */
  readonly markdown?: string;
  /** false: no HTML archive. */
  readonly html?: boolean;
  /** Archive root (default `reports`). */
  readonly out?: string;
  readonly interactive?: boolean;
  /** Seed of the chart jitter. */
  readonly seed?: number;
  /** The box plot's metric axis: linear (following the whiskers) or log. */
  readonly scale?: AxisScale;
}

/**
 * Writes what `outputs` asks for; `note` receives the "results: …" lines (stderr when stdout
 * carries JSON or Markdown). Relative paths resolve against the context's working folder.
 */
export async function writeOutputs(
  model: ReportModel,
  outputs: WriteOutputs,
  context: Pick<CommandContext, 'stdout' | 'logger' | 'cwd'>,
  note: (text: string) => void,
): Promise<void> {
  if (outputs.json !== undefined) {
    const text = toJson(model.results);
    if (outputs.json === '-') context.stdout(text);
    else {
      await writeFileAtomic(resolve(context.cwd, outputs.json), text);
      note(`results: ${outputs.json}\n`);
    }
  }
  if (outputs.markdown !== undefined) {
    const { renderMarkdown } = await import('../render/markdown.js');
    const text = renderMarkdown(model);
    if (outputs.markdown === '-') context.stdout(text.endsWith('\n') ? text : text + '\n');
    else {
      await writeFileAtomic(resolve(context.cwd, outputs.markdown), text);
      note(`summary: ${outputs.markdown}\n`);
    }
  }
  if (outputs.html !== false) {
    // Lazy: vega and the templates load only when a report is rendered.
    const { writeReport } = await import('./archive.js');
    const written = await writeReport(model, {
      outDir: resolve(context.cwd, outputs.out ?? 'reports'),
      interactive: outputs.interactive,
      logger: context.logger,
      seed: outputs.seed,
      scale: outputs.scale,
    });
    note(`report: ${written.indexHtml}\n`);
  }
}
