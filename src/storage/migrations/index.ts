/**
 * Schema migrations, numbered and applied in order inside one transaction each; the
 * `schema_version` table records which ran. Never edit a published migration: add the next number.
 * Each migration carries the same change for both SQL engines.
 */
import { m001Initial } from './001-initial.js';
import { m002SweepOrder } from './002-sweep-order.js';
import { m003RunLog } from './003-run-log.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002SweepOrder, m003RunLog];

/** The schema version this build of kdlab writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
