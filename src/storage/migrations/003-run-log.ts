import type { Migration } from './index.js';

/**
 * A run's log: what a sweep program printed besides its metrics, capped by the agent (first and
 * last KB). Kept out of run listings; read with Store.getRunLog (`kdlab runs logs RUN`).
 */
export const m003RunLog: Migration = {
  version: 3,
  name: 'runs.log',
  sqlite: `ALTER TABLE runs ADD COLUMN log TEXT;`,
  postgres: `ALTER TABLE runs ADD COLUMN log TEXT;`,
};
