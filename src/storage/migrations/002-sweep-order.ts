import type { Migration } from './index.js';

/**
 * Sweeps list in the order they were created even when created in the same millisecond: an
 * insertion counter, filled for existing sweeps from SQLite's rowid (PostgreSQL numbers them).
 */
export const m002SweepOrder: Migration = {
  version: 2,
  name: 'sweeps.seq insertion order',
  sqlite: `
ALTER TABLE sweeps ADD COLUMN seq INTEGER;
UPDATE sweeps SET seq = rowid;
CREATE UNIQUE INDEX sweeps_seq ON sweeps (seq);
`,
  postgres: `
ALTER TABLE sweeps ADD COLUMN seq BIGSERIAL;
CREATE UNIQUE INDEX sweeps_seq ON sweeps (seq);
`,
};
