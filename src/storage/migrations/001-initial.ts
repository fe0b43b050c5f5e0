import type { Migration } from './index.js';

const TERMINAL = "('finished', 'failed', 'crashed', 'killed', 'pruned')";
const STATES = "('pending', 'running', 'finished', 'failed', 'crashed', 'killed', 'pruned')";

/** Sweeps, runs and their per-epoch history; finished runs made immutable by triggers. */
export const m001Initial: Migration = {
  version: 1,
  name: 'sweeps, runs, run_history',
  sqlite: `
CREATE TABLE sweeps (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  method      TEXT NOT NULL,
  metric_name TEXT NOT NULL,
  metric_goal TEXT NOT NULL CHECK (metric_goal IN ('maximize', 'minimize')),
  config      TEXT NOT NULL,
  seed        INTEGER,
  state       TEXT NOT NULL CHECK (state IN ('running', 'finished', 'stopped')),
  created_at  TEXT NOT NULL
);
CREATE TABLE runs (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  sweep_id     TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  name         TEXT,
  key          TEXT,
  attempt      INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  state        TEXT NOT NULL CHECK (state IN ${STATES}),
  params       TEXT NOT NULL,
  summary      TEXT NOT NULL DEFAULT '{}',
  backend      TEXT,
  device       TEXT,
  worker       TEXT,
  created_at   TEXT NOT NULL,
  started_at   TEXT,
  heartbeat_at TEXT,
  finished_at  TEXT,
  wall_time_s  REAL,
  error        TEXT,
  UNIQUE (sweep_id, key, attempt)
);
CREATE INDEX runs_sweep_state ON runs (sweep_id, state, seq);
CREATE TABLE run_history (
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  log    TEXT NOT NULL
);
CREATE INDEX run_history_run ON run_history (run_id, seq);
CREATE TRIGGER runs_finished_immutable BEFORE UPDATE ON runs
WHEN OLD.state IN ${TERMINAL}
BEGIN SELECT RAISE(ABORT, 'finished runs are immutable'); END;
CREATE TRIGGER run_history_finished_immutable BEFORE INSERT ON run_history
WHEN (SELECT state FROM runs WHERE id = NEW.run_id) IN ${TERMINAL}
BEGIN SELECT RAISE(ABORT, 'finished runs are immutable'); END;
`,
  postgres: `
CREATE TABLE sweeps (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  method      TEXT NOT NULL,
  metric_name TEXT NOT NULL,
  metric_goal TEXT NOT NULL CHECK (metric_goal IN ('maximize', 'minimize')),
  config      JSON NOT NULL,
  seed        BIGINT,
  state       TEXT NOT NULL CHECK (state IN ('running', 'finished', 'stopped')),
  created_at  TIMESTAMPTZ NOT NULL
);
CREATE TABLE runs (
  seq          BIGSERIAL PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  sweep_id     TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  name         TEXT,
  key          TEXT,
  attempt      INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  state        TEXT NOT NULL CHECK (state IN ${STATES}),
  params       JSON NOT NULL,
  summary      JSON NOT NULL DEFAULT '{}',
  backend      TEXT,
  device       TEXT,
  worker       TEXT,
  created_at   TIMESTAMPTZ NOT NULL,
  started_at   TIMESTAMPTZ,
  heartbeat_at TIMESTAMPTZ,
  finished_at  TIMESTAMPTZ,
  wall_time_s  DOUBLE PRECISION,
  error        TEXT,
  UNIQUE (sweep_id, key, attempt)
);
CREATE INDEX runs_sweep_state ON runs (sweep_id, state, seq);
CREATE TABLE run_history (
  seq    BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  log    JSON NOT NULL
);
CREATE INDEX run_history_run ON run_history (run_id, seq);
CREATE FUNCTION kdlab_finished_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'runs' THEN
    IF OLD.state IN ${TERMINAL} THEN RAISE EXCEPTION 'finished runs are immutable'; END IF;
    RETURN NEW;
  END IF;
  IF (SELECT state FROM runs WHERE id = NEW.run_id) IN ${TERMINAL} THEN
    RAISE EXCEPTION 'finished runs are immutable';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER runs_finished_immutable BEFORE UPDATE ON runs
FOR EACH ROW EXECUTE FUNCTION kdlab_finished_immutable();
CREATE TRIGGER run_history_finished_immutable BEFORE INSERT ON run_history
FOR EACH ROW EXECUTE FUNCTION kdlab_finished_immutable();
`,
};
