import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';

/**
 * A compiled module under dist/, for child_process.fork: agents and training workers always run the
 * compiled code, also when the caller runs from src/ under a test runner.
 */
export function distPath(rel: string): string {
  const here = fileURLToPath(import.meta.url);
  const root = here.replace(/[\\/](src|dist)[\\/]sweep[\\/]dist-path\.[jt]s$/, '');
  const path = `${root}/dist/${rel}`;
  if (!existsSync(path)) throw new UsageError(`${path} is missing; run \`npm run build\` first`);
  return path;
}
