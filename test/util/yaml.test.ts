import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DataError } from '../../src/errors.js';
import { describeIssue, failAt, failOnIssue, knownKeysAt, parseYaml, valueAt } from '../../src/util/yaml.js';

/** The DataError's message a call throws (fails the test otherwise). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return (err as DataError).message;
  }
  return expect.fail('expected a DataError');
}

const text = ['name: demo', 'parameters:', '  lr:', '    min: 0.1', '    max: 1', 'tags: [a, b]', ''].join('\n');

describe('parseYaml', () => {
  it('locates a key path: a scalar value at the value, a mapping at its key', () => {
    const { locate } = parseYaml(text, 'c.yaml');
    expect(locate(['name'])).toEqual({ line: 1, column: 7 });
    expect(locate(['parameters', 'lr'])).toEqual({ line: 3, column: 3 });
    expect(locate(['parameters', 'lr', 'max'])).toEqual({ line: 5, column: 10 });
    expect(locate(['tags', 1])).toEqual({ line: 6, column: 11 });
  });
  it('locates a key by name inside a mapping (for unknown keys)', () => {
    const { locate } = parseYaml(text, 'c.yaml');
    expect(locate(['parameters', 'lr'], 'min')).toEqual({ line: 4, column: 5 });
  });
  it('a path that is not there falls back to its nearest parent', () => {
    const { locate } = parseYaml(text, 'c.yaml');
    expect(locate(['parameters', 'lr', 'q'])).toEqual({ line: 3, column: 3 });
    expect(locate(['nothing', 'here'])).toEqual({ line: 1, column: 1 });
  });
  it('a syntax error is one DataError line at its position', () => {
    expect(errorOf(() => parseYaml('a: 1\nb: [1, 2\n', 'bad.yaml'))).toMatch(/^bad\.yaml:3:1: invalid YAML: /);
    expect(errorOf(() => parseYaml('a: 1\na: 2\n', 'dup.yaml'))).toBe('dup.yaml:2:1: invalid YAML: Map keys must be unique');
  });
  it('an alias before its anchor, or inside its own node, is invalid YAML at the alias', () => {
    expect(errorOf(() => parseYaml('a: 1\nb: *x\n', 'f.yaml'))).toMatch(/^f\.yaml:2:4: invalid YAML: Unresolved alias/);
    expect(errorOf(() => parseYaml('a: &x [1, *x]\n', 'f.yaml'))).toBe(
      'f.yaml:1:11: invalid YAML: an alias refers to the node that holds it',
    );
  });
  it('fuzz: any text parses or fails with a DataError that names the file and a line', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', '"', "'", '#', '1', '\t', '&', '*') }),
        (t) => {
          try {
            const { doc, locate } = parseYaml(t, 'f.yaml');
            doc.toJS();
            locate(['a', 0, 'b']);
          } catch (err) {
            expect(err).toBeInstanceOf(DataError);
            expect((err as DataError).message).toMatch(/^f\.yaml:\d+:\d+: (invalid YAML: |YAML aliases expand too far)/);
          }
        },
      ),
    );
  });
});

describe('failAt', () => {
  it('prefixes the dotted key path and the position', () => {
    const { locate } = parseYaml(text, 'c.yaml');
    expect(errorOf(() => failAt('c.yaml', locate)(['parameters', 'lr', 'max'], 'must be above min'))).toBe(
      'c.yaml:5:10: parameters.lr.max: must be above min',
    );
    expect(errorOf(() => failAt('c.yaml', locate)(['parameters', 'lr'], 'unknown key', 'min'))).toBe(
      'c.yaml:4:5: parameters.lr.min: unknown key',
    );
  });
  it('without a file or positions, only the key path', () => {
    expect(errorOf(() => failAt(undefined, undefined)(['a', 0], 'is required'))).toBe('a.0: is required');
  });
});

describe('schema issues', () => {
  const schema = z
    .object({
      method: z.enum(['grid', 'random']),
      size: z.number().int().positive().optional(),
      inner: z.object({ depth: z.number() }).strict().optional(),
      shape: z.union([z.string(), z.object({ w: z.number() }).strict()]).optional(),
    })
    .strict();

  const messageFor = (yaml: string, unionHints?: Record<string, string>) => {
    const { doc, locate } = parseYaml(yaml, 's.yaml');
    const data: unknown = doc.toJS();
    const parsed = schema.safeParse(data);
    if (parsed.success) return expect.fail('expected a schema issue');
    return errorOf(() =>
      failOnIssue(parsed.error.issues, data, {
        locate,
        knownKeysAt: (p) => knownKeysAt(schema, p),
        fail: failAt('s.yaml', locate),
        unionHints,
      }),
    );
  };

  it('an unknown key: a near-miss hint and the valid keys', () => {
    expect(messageFor('method: grid\nsise: 3\n')).toBe(
      's.yaml:2:1: sise: unknown key (did you mean "size"?); remove it or use one of: method, size, inner, shape',
    );
    expect(messageFor('method: grid\ninner: { depth: 1, dpth: 2 }\n')).toBe(
      's.yaml:2:20: inner.dpth: unknown key (did you mean "depth"?); remove it or use one of: depth',
    );
  });
  it('a bad enum value: the options and a near miss', () => {
    expect(messageFor('method: randon\n')).toBe('s.yaml:1:9: method: "randon" is not one of grid, random (did you mean "random"?)');
  });
  it('a missing key says it is required', () => {
    expect(messageFor('size: 2\n')).toBe('s.yaml:1:1: method: is required (one of grid, random)');
  });
  it('the first issue in document order is the one reported', () => {
    expect(messageFor('size: -1\nmethod: nope\n')).toBe('s.yaml:1:7: size: must be > 0, got -1');
  });
  it('a union says what it accepts when given a hint for the key', () => {
    expect(messageFor('method: grid\nshape: 3\n', { shape: 'must be a name or { w: NUMBER }' })).toBe(
      's.yaml:2:8: shape: 3: must be a name or { w: NUMBER }',
    );
  });
  it('knownKeysAt walks objects, records and the object member of a union', () => {
    expect(knownKeysAt(schema, [])).toEqual(['method', 'size', 'inner', 'shape']);
    expect(knownKeysAt(schema, ['inner'])).toEqual(['depth']);
    expect(knownKeysAt(schema, ['shape'])).toEqual(['w']);
    expect(knownKeysAt(z.object({ p: z.record(z.string(), z.object({ a: z.number() })) }), ['p', 'x'])).toEqual(['a']);
    expect(knownKeysAt(schema, ['nothing'])).toEqual([]);
  });
  it('describeIssue quotes the value it got', () => {
    const issue = schema.safeParse({ method: 'grid', size: 1.5 }).error!.issues[0];
    expect(describeIssue(issue, 1.5, ['size'])).toBe('expected int, got 1.5');
  });
});

describe('valueAt', () => {
  it('follows a path and stops at anything that is not an object', () => {
    expect(valueAt({ a: [{ b: 2 }] }, ['a', 0, 'b'])).toBe(2);
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
    expect(valueAt(null, ['a'])).toBeUndefined();
  });
});
