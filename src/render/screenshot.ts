/**
 * A PNG of a rendered report, as a reader sees it (used for the README and checked by a test).
 * Opens the file offline in headless Chromium; any attempt to leave file:// is refused.
 */
import { writeFileAtomic } from '../util/fs.js';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { launchChromium } from './chromium.js';

export interface ScreenshotOptions {
  /** CSS pixels; default 1200. */
  readonly width?: number;
  /** Whole page (default) or only the first screen. */
  readonly fullPage?: boolean;
  /** 2 for a sharp image on high-density screens; default 1. */
  readonly deviceScaleFactor?: number;
}

export async function screenshotReport(htmlPath: string, pngPath: string, opts: ScreenshotOptions = {}): Promise<void> {
  const session = await launchChromium({
    viewport: { width: opts.width ?? 1200, height: 900 },
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
  });
  try {
    const page = await session.context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load' });
    const png = await page.screenshot({ fullPage: opts.fullPage ?? true, type: 'png' });
    await writeFileAtomic(pngPath, png);
  } finally {
    await session.close();
  }
}
