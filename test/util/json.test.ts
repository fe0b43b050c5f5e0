import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toJson, writeJsonAtomic } from '../../src/util/json.js';

describe('toJson', () => {
  it('writes NaN and ±Infinity as null, at any depth', () => {
    expect(toJson({ a: NaN, b: [1, Infinity, -Infinity], c: { d: 0.5 } }, 0)).toBe('{"a":null,"b":[1,null,null],"c":{"d":0.5}}');
  });
  it('pretty-prints with a final newline by default', () => {
    expect(toJson({ a: 1 })).toBe('{\n  "a": 1\n}\n');
  });
  it('round-trips every finite number exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), (xs) => {
        expect(JSON.parse(toJson(xs))).toEqual(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
      }),
    );
  });
});

describe('writeJsonAtomic', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  it('writes the JSON text and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kdlab-json-'));
    dirs.push(dir);
    await writeJsonAtomic(join(dir, 'out.json'), { p: NaN });
    expect(await readFile(join(dir, 'out.json'), 'utf8')).toBe('{\n  "p": null\n}\n');
    expect(await readdir(dir)).toEqual(['out.json']);
  });
});
