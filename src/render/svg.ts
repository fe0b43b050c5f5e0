/**
 * Vega-Lite spec → SVG string, entirely inside Node (no browser, no network):
 *   1. compile the Vega-Lite spec to Vega (vega-lite), forwarding its warnings to the logger
 *   2. seed vega's random source, so anything random in a chart is reproducible
 *   3. run a headless vega.View (renderer 'none') and serialise it with toSVG()
 *   4. prefix the SVG's ids, so several charts can live in one HTML page without clashing
 *   5. give each shortened label (the spec's usermeta.fullNames) a <title> with its full name,
 *      which a browser shows on hover: the static chart has no tooltips
 *   6. refuse output that could carry script (defence in depth; vega escapes text itself)
 * vega and vega-lite are imported lazily: loading them costs a noticeable fraction of a second,
 * which commands that render nothing should not pay.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Logger } from '../log/logger.js';
import { InternalError } from '../errors.js';
import { fullNamesInSpec, type FullNames } from './labels.js';

export interface RenderSvgOptions {
  /** Seed for vega's random(); default 1. */
  readonly seed?: number;
  /** Prefix for element ids (clip paths, gradients); must be a plain identifier. */
  readonly idPrefix?: string;
  readonly logger?: Logger;
}

export async function renderSvg(spec: TopLevelSpec, opts: RenderSvgOptions = {}): Promise<string> {
  const { vega, vegaLite: vl } = await import('../vendor/vega.js');
  // 1. compile
  const chartLog = chartLogger(opts.logger);
  const compiled = vl.compile(spec, { logger: chartLog }).spec;
  const compileFailure = chartLog.failed();
  if (compileFailure !== undefined) throw new ChartLibraryError(`vega-lite: ${compileFailure}`);
  // 2. seed
  // setRandom and randomLCG exist at run time but are missing from vega's type declarations.
  const seeded = vega as unknown as { setRandom(r: () => number): void; randomLCG(seed: number): () => number };
  seeded.setRandom(seeded.randomLCG(opts.seed ?? 1));
  // 3. render headless
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: chartLog });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const renderFailure = chartLog.failed();
  if (renderFailure !== undefined) throw new ChartLibraryError(`vega: ${renderFailure}`);
  // 4. ids
  if (opts.idPrefix !== undefined) svg = prefixIds(svg, opts.idPrefix);
  // 5. full names
  svg = titleLabels(svg, fullNamesInSpec(spec));
  // 6. defence in depth
  assertInertSvg(svg);
  return svg;
}

/** Text content as vega's SVG serialiser escapes it (vega-scenegraph's innerText): &, < and >. */
export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Inserts `<title>full name</title>` as the first child of every `<text>` element whose whole
 * content is a shortened label. Matched on the label exactly as vega escaped it, so a label vega
 * cut or split is left alone; the full name goes in escaped, as untrusted text.
 */
export function titleLabels(svg: string, fullNames: FullNames): string {
  if (fullNames.length === 0) return svg;
  const full = new Map(fullNames.map(([label, name]) => [xmlText(label), name]));
  // vega escapes '>' in attribute values too, so an opening tag ends at the first '>'.
  return svg.replace(/(<text\b[^>]*>)([^<]*)<\/text>/g, (match, open: string, content: string) => {
    const name = full.get(content);
    return name === undefined ? match : `${open}<title>${xmlText(name)}</title>${content}</text>`;
  });
}

/**
 * The charting libraries' own log, kept off the terminal: their warnings ("Infinite extent for
 * field …") describe chart internals the user cannot act on, so they go to the debug log; an
 * error from vega-lite throws, one from vega's dataflow is kept and thrown after rendering.
 */
function chartLogger(logger: Logger | undefined) {
  const text = (args: readonly unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  let failure: string | undefined;
  const log = {
    /** The first error either library reported (read after it ran: the log is written from inside). */
    failed: () => failure,
    level: (..._: readonly unknown[]) => (_.length === 0 ? 0 : log),
    error: (...args: readonly unknown[]) => {
      failure ??= text(args);
      return log;
    },
    warn: (...args: readonly unknown[]) => {
      logger?.debug(`chart: ${text(args)}`);
      return log;
    },
    info: (...args: readonly unknown[]) => {
      logger?.debug(`chart: ${text(args)}`);
      return log;
    },
    debug: (...args: readonly unknown[]) => {
      logger?.debug(`chart: ${text(args)}`);
      return log;
    },
  };
  return log;
}

/** Rewrites `id="x"` and its references `url(#x)` / `href="#x"` to carry a prefix. */
export function prefixIds(svg: string, prefix: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(prefix)) throw new InternalError(`prefixIds: bad prefix ${JSON.stringify(prefix)}`);
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

/**
 * Throws unless the SVG is inert markup: no script, foreignObject, img, iframe or link element,
 * no event-handler attribute, no href leaving the document. Vega escapes text and attribute
 * values itself; this catches a regression anyway.
 */
export function assertInertSvg(svg: string): void {
  const fail = (what: string) => {
    throw new InternalError(`renderSvg: rendered SVG contains active content (${what})`);
  };
  for (const tag of svg.matchAll(/<([A-Za-z][\w:-]*)([^>]*)>/g)) {
    const name = tag[1].toLowerCase();
    if (['script', 'foreignobject', 'iframe', 'img', 'object', 'embed', 'a'].includes(name)) fail(`<${name}>`);
    // Attribute values are quoted and escaped by vega, so strip them before looking at names.
    const attrs = tag[2].replace(/"[^"]*"/g, '""');
    for (const attr of attrs.matchAll(/([^\s=/]+)\s*=/g)) {
      const attrName = attr[1].toLowerCase();
      if (attrName.startsWith('on')) fail(`${attrName}=`);
      if (/href$/.test(attrName) && !/^\s*#/.test(valueOf(tag[2], attr[1]))) fail(`${attrName}=`);
    }
  }
}

function valueOf(attrs: string, name: string): string {
  const m = new RegExp(`${name.replace(/[^\w:-]/g, '')}="([^"]*)"`).exec(attrs);
  return m?.[1] ?? '';
}

/** An error the chart libraries reported while compiling or drawing a chart (not one of kdlab's checks). */
export class ChartLibraryError extends Error {}
