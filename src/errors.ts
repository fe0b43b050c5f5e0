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
