/**
 * SVG snapshot normalisation, as Observable Plot does it: numbers rounded to 3 decimals and
 * generated ids renumbered in order of appearance, so goldens change only when the drawing does.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  const idFor = (id: string) => {
    if (!ids.has(id)) ids.set(id, `id${ids.size}`);
    return ids.get(id)!;
  };
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${idFor(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${idFor(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${idFor(id)}"`)
    .replace(/-?\d+\.\d+(e[-+]?\d+)?/g, (n) => {
      const r = Number(Number(n).toFixed(3));
      return String(Object.is(r, -0) ? 0 : r);
    })
    .replace(/></g, '>\n<');
}

/**
 * When the golden exists and differs, writes `<name>-changed.svg` beside it for a visual diff
 * (git-ignored); the caller's toMatchFileSnapshot then reports the failure.
 */
export function writeChangedCopy(goldenPath: string, actual: string): void {
  if (existsSync(goldenPath) && readFileSync(goldenPath, 'utf8') !== actual) {
    writeFileSync(goldenPath.replace(/\.svg$/, '-changed.svg'), actual);
  }
}
