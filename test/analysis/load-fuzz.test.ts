/**
 * Fuzz over the loader: whatever the bytes, loading either gives a table or throws a KdlabError
 * with exit code 2 and a one-line message — never another error, never a hang (inputs are small,
 * so every case is bounded).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFileFormat, parseText } from '../../src/analysis/load.js';
import { decodeText } from '../../src/analysis/sniff.js';
import { KdlabError } from '../../src/errors.js';
import { HOSTILE_NAMES } from '../helpers/hostile-names.js';

const NAMES = [...HOSTILE_NAMES, 'summary', 'config', 'state', 'group', 'acc', ''];
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }));
const cell = fc.oneof(
  name,
  fc.double().map(String),
  fc.constantFrom('nan', 'inf', '{"a": 1}', "{'a': True}", '[1,2]', '""', '"a""b"', '\r', ''),
);

/** A delimited table: header and rows of cells, sometimes quoted, with a random delimiter and line ending. */
const delimited = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 6 }),
    delim: fc.constantFrom(',', '\t', ';'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    quote: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(
    ({ rows, delim, eol, quote, bom }) =>
      (bom ? '\uFEFF' : '') + rows.map((r) => r.map((c) => (quote ? `"${c.replace(/"/g, '""')}"` : c)).join(delim)).join(eol),
  );
const record = fc.dictionary(name, fc.oneof(fc.jsonValue({ maxDepth: 3 }), cell), { maxKeys: 5 });
const jsonArray = fc.array(fc.oneof(record, fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 }).map((a) => JSON.stringify(a));
const jsonLines = fc
  .array(
    fc.oneof(
      record.map((r) => JSON.stringify(r)),
      fc.string({ maxLength: 10 }),
    ),
    { maxLength: 5 },
  )
  .map((l) => l.join('\n'));
const text = fc.oneof(delimited, jsonArray, jsonLines, fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 }));
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  text.map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
  // A valid file with a few bytes flipped.
  fc.tuple(text, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 })).map(([t, flips]) => {
    const b = new Uint8Array(Buffer.from(t, 'utf8'));
    for (const [at, v] of flips) if (b.length > 0) b[at % b.length] = v;
    return b;
  }),
);
const fileName = fc.constantFrom('runs.csv', 'runs.tsv', 'runs.json', 'runs.jsonl', 'runs.txt', 'runs');

function outcome(input: Uint8Array, path: string): 'loaded' | 'refused' {
  try {
    const t = decodeText(input, path);
    const table = parseText(t, detectFileFormat(path, t), path);
    expect(table.data).toHaveLength(table.columns.length);
    for (const col of table.data) expect(col).toHaveLength(table.rowCount);
    return 'loaded';
  } catch (err) {
    if (!(err instanceof KdlabError)) throw err;
    expect(err.exitCode).toBe(2);
    expect(err.message).not.toMatch(/[\n\r\u2028\u2029]/);
    return 'refused';
  }
}

describe('loader fuzz', () => {
  it('loads or refuses with exit 2 and one line, for any bytes and any file name', () => {
    fc.assert(
      fc.property(bytes, fileName, (input, path) => {
        outcome(input, path);
      }),
      { numRuns: 1500, seed: 12 },
    );
  });
  it('loads or refuses delimited structures given as .csv (more cases where the parsers differ)', () => {
    fc.assert(
      fc.property(delimited, (t) => {
        expect(['loaded', 'refused']).toContain(outcome(new Uint8Array(Buffer.from(t, 'utf8')), 'runs.csv'));
      }),
      { numRuns: 500, seed: 13 },
    );
  });
});
