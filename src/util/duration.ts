/**
 * A duration as people write it in a config: `90s`, `30m`, `1.5h`, `250ms`, or a bare number of
 * seconds. Returns seconds, or undefined when the text is not a positive duration.
 *
 * @example parseDuration('30m') // 1800
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text > 0 ? text : undefined;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  const seconds = Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return seconds > 0 ? seconds : undefined;
}
