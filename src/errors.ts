/**
 * One error taxonomy, one exit point (src/cli/main.ts):
 *  - UsageError: bad flags or arguments → one line, exit 2
 *  - DataError: bad input data or files → one line with file:line:column, exit 2
 *  - StorageError: the run store failed → one line, exit 1
 *  - InternalError (and anything else): a bug → stack + "please report", exit 1
 * Messages say what is wrong, where, and what to do.
 */

export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export class KdlabError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends KdlabError {
  override readonly exitCode = 2;
}

export class DataError extends KdlabError {
  override readonly exitCode = 2;
  readonly location?: SourceLocation;
  constructor(message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super(withLocation(message, location), options);
    this.location = location;
  }
}

export class StorageError extends KdlabError {
  override readonly exitCode = 1;
}

export class InternalError extends KdlabError {
  override readonly exitCode = 1;
}

/** Raised by a stats function on invalid input; its message starts with the function name. */
export class StatsError extends KdlabError {
  override readonly exitCode = 2;
}

/** `file:line:column: message`, omitting what is unknown. */
export function withLocation(message: string, loc?: SourceLocation): string {
  if (!loc?.file) return message;
  let where = loc.file;
  if (loc.line !== undefined) where += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) where += `:${loc.column}`;
  return `${where}: ${message}`;
}

/**
 * A user's value quoted for a one-line message: JSON-quoted (so control characters, U+2028 and
 * quotes show as escapes) and cut to about `max` characters, so a 1 MB group name cannot flood the
 * terminal. The cut keeps the start, which is what a person recognises.
 */
export function quote(value: unknown, max = 80): string {
  if (typeof value !== 'string') {
    // A number, list or object from a config file: as JSON, cut the same way.
    const text = JSON.stringify(value) ?? String(value);
    return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
  }
  if (value.length <= max) return json(value);
  return `${json(value.slice(0, max)).slice(0, -1)}…" (${value.length} characters)`;
}

/** JSON.stringify leaves U+2028, U+2029 (and U+0085) raw, yet terminals and editors break lines at them. */
function json(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
