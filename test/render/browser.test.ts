/**
 * The report in a real browser: headless Chromium (Debian's, or $KDLAB_CHROMIUM) opens the archived
 * file offline. Every request is routed; anything that is not file:// fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath, launchChromium, type ChromiumSession } from '../../src/render/chromium.js';
import { screenshotReport } from '../../src/render/screenshot.js';
import { writeReport } from '../../src/report/archive.js';
import { LocalLogger } from '../../src/log/logger.js';
import { model, renameGroups } from '../helpers/report-model.js';
import { farOutlierModel, LONG_NAMES, longLabelModel } from './hard-models.js';

const MALICIOUS = '<img src=x onerror=alert(1)>';
const executable = chromiumPath();
const title = executable
  ? 'the report in headless Chromium'
  : 'the report in headless Chromium (skipped: no Chromium at $KDLAB_CHROMIUM or /usr/bin/chromium; apt-get install chromium)';

describe.skipIf(!executable)(title, () => {
  let root: string;
  let browser: ChromiumSession;
  const reports = { plain: '', evil: '', interactive: '', farOutlier: '', longLabels: '' };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kdlab-browser-'));
    const logger = new LocalLogger();
    reports.plain = (await writeReport(model, { outDir: root, logger })).indexHtml;
    const evil = renameGroups({ ...model, title: `Report ${MALICIOUS}` }, { temperature: MALICIOUS });
    reports.evil = (await writeReport(evil, { outDir: root, logger })).indexHtml;
    reports.interactive = (await writeReport(model, { outDir: root, logger, interactive: true })).indexHtml;
    reports.farOutlier = (await writeReport(farOutlierModel, { outDir: root, logger })).indexHtml;
    reports.longLabels = (await writeReport(longLabelModel, { outDir: root, logger })).indexHtml;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Opens a file with every request routed, and records what a reader would never want. */
  async function open(path: string) {
    const page = await browser.context.newPage();
    const seen = { requests: [] as string[], external: [] as string[], errors: [] as string[], dialogs: [] as string[] };
    await page.route('**/*', (route) => {
      const url = route.request().url();
      seen.requests.push(url);
      if (url.startsWith('file:')) return route.continue();
      seen.external.push(url);
      return route.abort();
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') seen.errors.push(msg.text());
    });
    page.on('pageerror', (err) => seen.errors.push(err.message));
    page.on('dialog', (dialog) => {
      seen.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    // Give anything deferred (an onerror, a script) time to run before asserting it did not.
    await page.waitForTimeout(300);
    return { page, seen };
  }

  it('shows the headline, the tables and the box plot, with no error and no network request', async () => {
    const { page, seen } = await open(reports.plain);
    await expect.poll(() => page.getByTestId('headline').textContent()).toMatch(/^cosine is best by mean eval\/accuracy/);
    for (const id of ['best-by-group', 'runs-by-group', 'comparisons']) expect(await page.getByTestId(id).isVisible()).toBe(true);
    const box = page.locator('#chart-boxplot svg');
    expect(await box.isVisible()).toBe(true);
    expect((await box.boundingBox())!.width).toBeGreaterThan(600);
    // Two boxes (one per group) and a legend naming the baseline.
    expect(await page.locator('#chart-boxplot svg .mark-rect.role-mark.layer_2_marks path').count()).toBe(2);
    expect(await page.locator('[data-testid="best-by-group"] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid="best-by-group"] tbody tr').nth(1).textContent()).toContain('baseline');
    expect(seen.errors).toEqual([]);
    expect(seen.external).toEqual([]);
    expect(seen.requests).toEqual([pathToFileURL(reports.plain).href]);
    // It prints: a PDF comes out.
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('draws boxes at a readable width when one run lies far below them, its count at the edge', async () => {
    const { page, seen } = await open(reports.farOutlier);
    const svg = page.locator('#chart-boxplot svg');
    expect(await svg.isVisible()).toBe(true);
    const plot = (await svg.boundingBox())!;
    const boxes = page.locator('#chart-boxplot svg .mark-rect.role-mark.layer_2_marks path');
    expect(await boxes.count()).toBe(2);
    // Each box spans a visible share of the chart, not a sliver squashed by the outlier.
    for (const box of await boxes.all()) expect((await box.boundingBox())!.width).toBeGreaterThan(plot.width * 0.1);
    expect(await page.locator('#chart-boxplot svg text', { hasText: '◂ 1' }).count()).toBe(1);
    expect(seen.errors).toEqual([]);
  });

  it('labels long group names uniquely, each label whole', async () => {
    const { page, seen } = await open(reports.longLabels);
    const labels = await page.locator('#chart-boxplot svg .role-axis-label text').allTextContents();
    const names = labels.filter((l) => l.includes('…'));
    expect(names).toHaveLength(Object.keys(LONG_NAMES).length);
    expect(new Set(names).size).toBe(names.length);
    expect(seen.errors).toEqual([]);
  });

  it('shows a group named like markup as text and runs nothing', async () => {
    const { page, seen } = await open(reports.evil);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('[data-testid="best-by-group"] tbody tr').nth(1).locator('th').textContent()).toContain(MALICIOUS);
    expect(await page.locator('h1').textContent()).toBe(`Report ${MALICIOUS}`);
    expect(await page.locator('#chart-boxplot svg text', { hasText: '<img src=x' }).count()).toBeGreaterThan(0);
    expect(await page.locator('script:not([type="application/json"])').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(seen.external).toEqual([]);
    await page.close();
  });

  it('with --interactive draws live charts with tooltips, still offline', async () => {
    const { page, seen } = await open(reports.interactive);
    await expect.poll(() => page.locator('figure.chart.is-live').count()).toBe(3);
    // Hover the left quarter of the first box (its middle is covered by the median tick).
    const bar = await page.locator('#chart-boxplot .chart-live .mark-rect.role-mark.layer_2_marks path').first().boundingBox();
    expect(bar).not.toBeNull();
    await page.mouse.move(bar!.x + bar!.width / 4, bar!.y + bar!.height / 2);
    await expect.poll(() => page.locator('#vg-tooltip-element.visible').textContent()).toContain('cosine');
    expect(seen.errors).toEqual([]);
    expect(seen.external).toEqual([]);
    await page.close();
  });

  it('lists the reports in the archive index, newest first, with working links', async () => {
    const { page, seen } = await open(join(root, 'index.html'));
    const links = page.locator('[data-testid="archive-list"] a');
    expect(await links.count()).toBe(Object.keys(reports).length);
    await links.first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/index\.html$/);
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(seen.external).toEqual([]);
    await page.close();
  });

  it('takes a PNG screenshot of a report', async () => {
    const png = join(root, 'report.png');
    await screenshotReport(reports.plain, png, { width: 1000 });
    const bytes = await readFile(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.readUInt32BE(16)).toBe(1000); // IHDR width
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(1500); // the full page, not one screen
  });
});
