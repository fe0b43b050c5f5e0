import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/report/write.js';
import { toJson } from '../../src/util/json.js';
import { createTestContext } from '../helpers/context.js';
import { model } from '../helpers/report-model.js';

describe('writeOutputs', () => {
  it('writes --json - to stdout and nothing else when HTML is off', async () => {
    const ctx = createTestContext();
    const notes: string[] = [];
    await writeOutputs(model, { json: '-', html: false }, ctx, (s) => void notes.push(s));
    expect(ctx.out()).toBe(toJson(model.results));
    expect(notes).toEqual([]);
  });

  it('writes JSON and Markdown files relative to the working folder, noting each path', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kdlab-write-'));
    const ctx = createTestContext({ cwd });
    const notes: string[] = [];
    await writeOutputs(model, { json: 'r.json', markdown: 's.md', html: false }, ctx, (s) => void notes.push(s));
    expect(JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8'))).toEqual(JSON.parse(toJson(model.results)));
    expect(readFileSync(join(cwd, 's.md'), 'utf8')).toMatch(/^# /);
    expect(notes).toEqual(['results: r.json\n', 'summary: s.md\n']);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(cwd).sort()).toEqual(['r.json', 's.md']);
    expect(ctx.out()).toBe('');
  });
});
