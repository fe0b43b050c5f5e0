import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/fs.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'kdlab-fs-'));

describe('writeFileAtomic', () => {
  it('writes the content, creating missing folders, and leaves no temp file', async () => {
    const dir = fresh();
    const path = join(dir, 'a', 'b', 'out.json');
    await writeFileAtomic(path, '{"x":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"x":1}');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.json']);
  });
  it('replaces an existing file whole', async () => {
    const path = join(fresh(), 'out.bin');
    await writeFileAtomic(path, 'a much longer first version');
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
  });
  it('a failed rename rejects and removes its temp file', async () => {
    const dir = fresh();
    const path = join(dir, 'taken');
    mkdirSync(join(path, 'inside'), { recursive: true });
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
