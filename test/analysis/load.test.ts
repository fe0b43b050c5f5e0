import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/errors.js';
import { parseStoreUrl } from '../../src/storage/open-store.js';
import { detectFileFormat, isStoreSource, loadTable, parseText } from '../../src/analysis/load.js';
import { column } from '../../src/analysis/table.js';

describe('parseText: CSV edge cases', () => {
  it('strips a BOM and reads CRLF line endings', () => {
    const t = parseText('\uFEFFSweep,acc\r\nA,0.5\r\nB,0.6\r\n', 'csv');
    expect(t.columns).toEqual(['Sweep', 'acc']);
    expect(column(t, 'Sweep')).toEqual(['A', 'B']);
    expect(column(t, 'acc')).toEqual(['0.5', '0.6']);
  });
  it('keeps commas and doubled quotes inside quoted cells', () => {
    const t = parseText('name,classes,acc\nr1,"[""dock"",""angora""]",0.9\nr2,"a, b",0.8\n', 'csv');
    expect(column(t, 'classes')).toEqual(['["dock","angora"]', 'a, b']);
  });
  it('reads a file without a final newline', () => {
    const t = parseText('g,v\nA,1\nB,2', 'csv');
    expect(t.rowCount).toBe(2);
    expect(column(t, 'v')).toEqual(['1', '2']);
  });
  it("names an empty first header cell as pandas does ('Unnamed: 0')", () => {
    const t = parseText(',number,value\n0,0,5.5\n1,1,6.5\n', 'csv');
    expect(t.columns).toEqual(['Unnamed: 0', 'number', 'value']);
  });
  it('keeps group labels as written (0.010 and 0.01 stay distinct) and empty cells as null', () => {
    const t = parseText('lr,v\n0.010,1\n0.01,\n', 'csv');
    expect(column(t, 'lr')).toEqual(['0.010', '0.01']);
    expect(column(t, 'v')).toEqual(['1', null]);
  });
  it('reads TSV', () => {
    const t = parseText('g\tv\nA\t1\n', 'tsv');
    expect(t.columns).toEqual(['g', 'v']);
  });
  it('reports a row with too many fields as a DataError with file:line:column', () => {
    expect(() => parseText('g,v\nA,1\nB,2,3\n', 'csv', 'runs.csv')).toThrowError(DataError);
    expect(() => parseText('g,v\nA,1\nB,2,3\n', 'csv', 'runs.csv')).toThrowError(/^runs\.csv:3:1: expected 2 fields/);
  });
  it('reports a bad quote with its line', () => {
    expect(() => parseText('g,v\nA,"x"y\n', 'csv', 'runs.csv')).toThrowError(/^runs\.csv:2(:\d+)?: .*quot/i);
  });
  it('expands a W&B API export summary column holding Python-dict text', () => {
    const t = parseText(`name,summary\nr1,"{'eval/accuracy': 0.91, '_step': 3, 'ok': True}"\n`, 'csv');
    expect(column(t, 'eval/accuracy')).toEqual([0.91]);
    expect(column(t, 'ok')).toEqual([true]);
  });
  it("marks the columns expanded from config as the runs' params (not the summary's metrics)", () => {
    const t = parseText(`name,summary,config\nr1,"{'eval/accuracy': 0.91}","{'lr': 0.01, 'optimizer': {'name': 'adam'}}"\n`, 'csv');
    expect(column(t, 'lr')).toEqual([0.01]);
    expect(t.hints?.params).toEqual(['lr', 'optimizer.name']);
  });
});

describe('parseText: JSON and JSON Lines', () => {
  it('reads a JSON array and lifts W&B summary/config keys, dotting other nested objects', () => {
    const t = parseText(
      JSON.stringify([{ name: 'r1', summary: { 'eval/accuracy': 0.9 }, config: { lr: { value: 0.01 } }, metrics: { val_acc: 0.8 } }]),
      'json',
    );
    expect(column(t, 'eval/accuracy')).toEqual([0.9]);
    expect(column(t, 'lr')).toEqual([0.01]);
    expect(column(t, 'metrics.val_acc')).toEqual([0.8]);
  });
  it("marks a JSON export's config keys as the runs' params: not the summary, not W&B's _wandb, not a key a top-level column already holds", () => {
    const record = (lr: number) => ({
      name: 'r',
      lr: 'top-level wins',
      summary: { 'eval/accuracy': 0.9 },
      config: { lr, optimizer: { name: 'adam' }, _wandb: { cli_version: '0.16' }, seed: { value: 1, desc: 'seed' } },
    });
    for (const [text, format] of [
      [JSON.stringify([record(0.01), record(0.1)]), 'json'],
      [`${JSON.stringify(record(0.01))}\n${JSON.stringify(record(0.1))}\n`, 'jsonl'],
    ] as const) {
      const t = parseText(text, format);
      expect(t.hints?.params).toEqual(['optimizer.name', 'seed']);
      expect(column(t, 'seed')).toEqual([1, 1]);
      expect(column(t, '_wandb.cli_version')).toEqual(['0.16', '0.16']);
    }
    expect(parseText(JSON.stringify([{ name: 'r', acc: 1 }]), 'json').hints).toBeUndefined();
  });
  it('reads JSON Lines with blank lines and columns appearing late', () => {
    const t = parseText('{"g":"A","v":1}\n\n{"g":"B","v":2,"extra":"x"}\n', 'jsonl');
    expect(t.rowCount).toBe(2);
    expect(column(t, 'extra')).toEqual([null, 'x']);
  });
  it('names the line of a bad JSON Lines record', () => {
    expect(() => parseText('{"g":"A"}\n{"g":"B"}\n{"g": oops}\n', 'jsonl', 'runs.jsonl')).toThrowError(
      /^runs\.jsonl:3(:\d+)?: invalid JSON on this line \(Unexpected token/,
    );
  });
  it('rejects a JSON value that is not an array of objects', () => {
    expect(() => parseText('{"a":1}', 'json', 'x.json')).toThrowError(DataError);
  });
});

describe('detectFileFormat and isStoreSource', () => {
  it('goes by extension, then by content', () => {
    expect(detectFileFormat('a.tsv', 'x')).toBe('tsv');
    expect(detectFileFormat('a.jsonl', '{}')).toBe('jsonl');
    expect(detectFileFormat('a.txt', '[{"a":1}]')).toBe('json');
    expect(detectFileFormat('a.txt', 'a\tb\tc\n')).toBe('tsv');
    expect(detectFileFormat('a.csv', 'a,b\n')).toBe('csv');
  });
  it('recognises run stores', () => {
    expect(isStoreSource('.kdlab/runs.db')).toBe(true);
    expect(isStoreSource('sqlite:/tmp/x')).toBe(true);
    expect(isStoreSource('postgres://u@h/db')).toBe(true);
    expect(isStoreSource('runs.csv')).toBe(false);
    // memory: holds no runs to report on, and an empty name is no store.
    expect(isStoreSource('memory:')).toBe(false);
    expect(isStoreSource('')).toBe(false);
  });
  it("agrees with storage's URL parser on any string, and never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        let parsed: string | undefined;
        try {
          parsed = parseStoreUrl(s).engine;
        } catch {
          parsed = undefined;
        }
        expect(isStoreSource(s)).toBe(s.trim() !== '' && parsed !== undefined && parsed !== 'memory');
      }),
    );
  });
});

describe('loadTable (I/O)', () => {
  it('returns the SHA-256 of the bytes read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-load-'));
    const text = 'g,v\nA,1\n';
    writeFileSync(join(dir, 'r.csv'), text);
    const t = await loadTable(join(dir, 'r.csv'));
    expect(t.source.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(t.source.format).toBe('csv');
  });
  it('reports a missing file as a usage error', async () => {
    await expect(loadTable('/nonexistent/runs.csv')).rejects.toThrowError(UsageError);
  });
});

describe('parseText: the unquoted fast path agrees with csv-parse', () => {
  it('gives the same table with and without a quoted cell', () => {
    const plain = parseText('\uFEFFg,v,w\r\nA,1,\r\nB,2,x\r\n', 'csv');
    const quoted = parseText('\uFEFFg,v,w\r\n"A",1,\r\nB,2,x\r\n', 'csv');
    expect(plain).toEqual(quoted);
  });
  it('reports a bad row with its line on both paths', () => {
    expect(() => parseText('g,v\n\nA,1\nB,2,3\n', 'csv', 'r.csv')).toThrowError(/^r\.csv:4:1: expected 2 fields/);
    expect(() => parseText('g,v\n"A",1\nB,2,3\n', 'csv', 'r.csv')).toThrowError(/^r\.csv:3:1: expected 2 fields/);
  });
});
