/** A CommandContext for tests: memory writers, a fixed clock, a controllable abort signal. */
import type { CommandContext, Progress, ProgressMode } from '../../src/commands/context.js';
import { LocalLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/store.js';

export interface TestContext extends CommandContext {
  readonly logger: LocalLogger;
  /** Everything written to stdout, joined. */
  out(): string;
  /** Everything written to stderr, joined. */
  err(): string;
  /** Aborts `signal`, as Ctrl-C would. */
  interrupt(): void;
  /** Progress lines, in order, whatever the mode asked for. */
  readonly progressLines: string[];
}

export function createTestContext(overrides: Partial<CommandContext> = {}): TestContext {
  const out: string[] = [];
  const err: string[] = [];
  const progressLines: string[] = [];
  const controller = new AbortController();
  const progress = (_mode?: ProgressMode): Progress => ({
    start() {},
    update(_done, line) {
      if (line !== undefined) progressLines.push(line);
    },
    stop() {},
  });
  return {
    logger: new LocalLogger(),
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    now: () => new Date('2026-01-02T03:04:05Z'),
    signal: controller.signal,
    openStore: (url, options) => openStore(url, options),
    progress,
    cwd: process.cwd(),
    argv: [],
    ...overrides,
    out: () => out.join(''),
    err: () => err.join(''),
    interrupt: () => controller.abort(),
    progressLines,
  } as TestContext;
}

/**
 * An `openStore` that lends an already open store: the command's close is a no-op, so the test can
 * read the store afterwards (and closes it itself).
 */
export function lendStore(store: Store): CommandContext['openStore'] {
  const lent = new Proxy(store, {
    get(target, key) {
      if (key === 'close') return () => Promise.resolve();
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return () => Promise.resolve(lent);
}
