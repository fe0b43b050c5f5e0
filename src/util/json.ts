/**
 * The one JSON writer: JSON has no NaN or ±Infinity (a one-sided interval has an infinite end, a
 * zero-variance test a NaN p-value), so every non-finite number is written as null.
 */
import { writeFileAtomic } from './fs.js';

/** Replacer for JSON.stringify: non-finite numbers → null. */
export function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** JSON text with non-finite numbers as null; `indent` > 0 pretty-prints and ends with a newline. */
export function toJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, finiteOrNull, indent > 0 ? indent : undefined);
  return indent > 0 ? text + '\n' : text;
}

/** Writes `toJson(value)` atomically (temp file + rename). */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, toJson(value));
}
