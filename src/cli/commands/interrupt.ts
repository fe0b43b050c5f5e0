/**
 * Ctrl-C for long commands: the first SIGINT/SIGTERM aborts the returned signal (the command stops
 * cleanly and exits 130); `release()` restores the default handlers.
 */
export function onInterrupt(options: { quiet?: boolean } = {}): { signal: AbortSignal; release(): void; interrupted(): boolean } {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      if (!options.quiet)
        process.stderr.write(`\nkdlab: ${sig === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping the running run(s) cleanly…\n`);
      controller.abort();
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    interrupted: () => controller.signal.aborted,
    release() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      if (controller.signal.aborted) process.exitCode = 130;
    },
  };
}
