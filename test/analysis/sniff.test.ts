import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable, parseText } from '../../src/analysis/load.js';
import { MAX_JSON_DEPTH, decodeText, firstInvalidUtf8, oneLine, sniffCsvDelimiter } from '../../src/analysis/sniff.js';
import { column } from '../../src/analysis/table.js';
import { DataError } from '../../src/errors.js';
import { createRng } from '../../src/util/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'kdlab-sniff-'));
function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
async function loadError(path: string): Promise<DataError> {
  const err: unknown = await loadTable(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).exitCode).toBe(2);
  return err as DataError;
}

describe('loadTable: files that are not text tables', () => {
  it('names random bytes as binary, with the offset of the first binary byte', async () => {
    const rng = createRng(5);
    const bytes = Uint8Array.from({ length: 5000 }, () => Math.floor(rng.next() * 256));
    const at = bytes.findIndex((b) => (b < 0x20 && ![9, 10, 12, 13].includes(b)) || b === 0x7f);
    const path = file('r.csv', bytes);
    const err = await loadError(path);
    expect(err.message).toBe(`${path}: not a text table (binary data at byte ${at})`);
  });
  it('names UTF-16 with a BOM and without one', async () => {
    const text = 'group,acc\nA,0.5\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(text, 'utf16le').swap16();
    for (const [name, bytes] of [
      ['le.csv', le],
      ['nobom.csv', Buffer.from(text, 'utf16le')],
      ['be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
    ] as const)
      expect((await loadError(file(name, bytes))).message).toMatch(/: the file is UTF-16 text; save it as UTF-8/);
  });
  it('names bytes that are not UTF-8 (Latin-1 text) with their offset', async () => {
    const err = await loadError(file('latin1.csv', Buffer.from('group,acc\ncaf\xe9,0.5\n', 'latin1')));
    expect(err.message).toMatch(/: not UTF-8 text \(invalid byte at byte 13\); save the file as UTF-8$/);
  });
  it('reads CR-only line endings (classic Mac) as lines', async () => {
    const t = await loadTable(file('mac.csv', 'group,acc\rA,0.5\rB,0.6\r'));
    expect(column(t, 'group')).toEqual(['A', 'B']);
    expect(column(t, 'acc')).toEqual(['0.5', '0.6']);
  });
  it('detects semicolons as the delimiter of a .csv file', async () => {
    const t = await loadTable(file('semi.csv', 'group;acc;note\nA;0.5;"x, y"\nB;0.6;z\n'));
    expect(t.columns).toEqual(['group', 'acc', 'note']);
    expect(column(t, 'note')).toEqual(['x, y', 'z']);
    expect(parseText('a;b\n1;2\n', 'csv').columns).toEqual(['a', 'b']);
  });
});

describe('deeply nested JSON', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  it('refuses a 50,000-level JSON array with file:line:column, before parsing', async () => {
    const err = await loadError(file('deep.json', `[{"a":${deep(50_000)}}]`));
    // The opening "[{" are levels 1 and 2; the first bracket past the limit is at column 7 + MAX − 2.
    expect(err.message).toBe(
      `${join(dir, 'deep.json')}:1:${7 + MAX_JSON_DEPTH - 2}: JSON nested deeper than ${MAX_JSON_DEPTH} levels; a run table holds flat records`,
    );
  });
  it('refuses deep objects on a JSON Lines line, naming the line', async () => {
    const obj = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const err = await loadError(file('deep.jsonl', `{"a":1}\n${obj}\n`));
    expect(err.message).toMatch(/deep\.jsonl:2:\d+: JSON nested deeper than/);
  });
  it('keeps a deeply nested summary cell of a CSV as text', () => {
    const cell = `${'{""a"":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const t = parseText(`group,summary\nA,"${cell}"\n`, 'csv');
    expect(t.rowCount).toBe(1);
    expect(column(t, 'summary')![0]).toHaveLength(cell.length - 2 * 50_000);
  });
  it('accepts nesting up to the limit', () => {
    expect(parseText(`[{"a":${deep(MAX_JSON_DEPTH - 2)}}]`, 'json').rowCount).toBe(1);
  });
});

describe('column names that are JavaScript built-ins', () => {
  it('keeps __proto__ and constructor as columns of JSON records', () => {
    const t = parseText('[{"__proto__":"a","constructor":1,"x":{"__proto__":2}}]', 'json');
    expect(t.columns).toEqual(['__proto__', 'constructor', 'x.__proto__']);
    expect(column(t, '__proto__')).toEqual(['a']);
    expect(column(t, 'x.__proto__')).toEqual([2]);
  });
});

describe('sniff helpers', () => {
  it('finds the first invalid UTF-8 byte: overlong, surrogate, truncated, too large', () => {
    expect(firstInvalidUtf8(Buffer.from('aé€😀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidUtf8(Uint8Array.from([0xe2, 0x82]))).toBe(0);
    expect(firstInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });
  it('picks the semicolon only when the header has more of them than commas, outside quotes', () => {
    expect(sniffCsvDelimiter('a,b;c,d\n')).toBe(',');
    expect(sniffCsvDelimiter('"a,b,c";d;e\n')).toBe(';');
    expect(sniffCsvDelimiter('\uFEFFa;b\n1,5;2\n')).toBe(';');
  });
  it('keeps LF and CRLF text as it is', () => {
    expect(decodeText(Buffer.from('a\r\nb\n'), 'f')).toBe('a\r\nb\n');
  });
  it('makes a parser message one bounded, printable line', () => {
    expect(oneLine('a\nb\u0001\u2028')).toBe('a\\u000ab\\u0001\\u2028');
    expect(oneLine('x'.repeat(500))).toHaveLength(200);
  });
});

describe('a table without runs', () => {
  it.each([
    ['header.csv', 'group,acc\n'],
    ['header-quoted.csv', '"group","acc"\r\n'],
    ['empty.json', '[]'],
    ['blank.jsonl', '\n\n'],
  ])('%s is refused as "no runs"', async (name, content) => {
    const path = file(name, content);
    expect((await loadError(path)).message).toBe(`${path}: no runs: the file has no rows below its header (or an empty JSON array)`);
  });
});

describe('a run store without runs', () => {
  it('is refused as "no runs" (a report on it would be empty)', async () => {
    const { MemoryStore } = await import('../../src/storage/memory.js');
    const { loadStore } = await import('../../src/analysis/load-store.js');
    const store = new MemoryStore();
    await store.createSweep({ name: 's', method: 'random', metric: { name: 'acc', goal: 'maximize' }, config: {} });
    const err: unknown = await loadStore(store).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toBe('memory:: no runs: the store holds no runs yet; run a sweep or `kdlab runs import` first');
  });
});
