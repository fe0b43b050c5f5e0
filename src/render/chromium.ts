/**
 * Headless Chromium for the things only a browser can check or produce: the report's screenshot
 * and the browser tests. Uses the system's Chromium (Debian's `chromium`, or KDLAB_CHROMIUM) through
 * playwright-core, which downloads nothing. Every launch gets a fresh, empty profile and flags that
 * keep the browser itself off the network.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { UsageError } from '../errors.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Where Debian and most Linux distributions install Chromium. */
export const SYSTEM_CHROMIUM = ['/usr/bin/chromium'] as const;

/** The Chromium executable: $KDLAB_CHROMIUM, else a system one; undefined when none exists. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env, system: readonly string[] = SYSTEM_CHROMIUM): string | undefined {
  const candidates = [env.KDLAB_CHROMIUM, ...system].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

/** chromiumPath, or a UsageError saying how to get one: a missing browser is the user's to fix, not a bug. */
export function requireChromiumPath(env: NodeJS.ProcessEnv = process.env, system: readonly string[] = SYSTEM_CHROMIUM): string {
  const found = chromiumPath(env, system);
  if (found) return found;
  const given = env.KDLAB_CHROMIUM ? ` (KDLAB_CHROMIUM=${env.KDLAB_CHROMIUM} does not exist)` : '';
  throw new UsageError(`Chromium not found${given}: install it (Debian: apt-get install chromium) or set KDLAB_CHROMIUM to its path`);
}

export interface ChromiumSession {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a new temporary profile, removed again on close(). */
export async function launchChromium(
  opts: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
): Promise<ChromiumSession> {
  const executablePath = requireChromiumPath();
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'kdlab-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: opts.viewport ?? { width: 1200, height: 900 },
      deviceScaleFactor: opts.deviceScaleFactor ?? 1,
      offline: true,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    // A browser that exists but will not start is the installation's problem: say which and what to do.
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new UsageError(`Chromium at ${executablePath} did not start (${reason}); set KDLAB_CHROMIUM to a working Chromium`, {
      cause: err,
    });
  }
}
