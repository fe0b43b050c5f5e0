import { readFileSync } from 'node:fs';

/** kdlab's version, read from package.json so there is one source of truth. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** The package root (where package.json, templates/ and fixtures/ live), from src/ or dist/. */
export const PACKAGE_ROOT: string = new URL('..', import.meta.url).pathname;
