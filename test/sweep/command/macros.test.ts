import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMMAND,
  expandCommand,
  formatArgValue,
  interpreterFor,
  MACROS,
  unknownMacros,
} from '../../../src/sweep/command/macros.js';

const params = { seed: 0, lr: 0.001, loss: 'kl-temperature', flag: true, off: false, none: null };
const ctx = { program: '/p/train.py', params, paramsFile: '/tmp/params.json', env: {} };

describe('expandCommand', () => {
  it("expands W&B's default command: no env word, the interpreter, the program, --name=value", () => {
    expect(expandCommand(DEFAULT_COMMAND, ctx)).toEqual([
      'python3',
      '/p/train.py',
      '--seed=0',
      '--lr=0.001',
      '--loss=kl-temperature',
      '--flag=True',
      '--off=False',
      '--none=None',
    ]);
  });

  it('expands every other macro as W&B does', () => {
    expect(expandCommand(['${args_no_hyphens}'], ctx)).toEqual([
      'seed=0',
      'lr=0.001',
      'loss=kl-temperature',
      'flag=True',
      'off=False',
      'none=None',
    ]);
    expect(expandCommand(['${args_no_boolean_flags}'], ctx)).toEqual([
      '--seed=0',
      '--lr=0.001',
      '--loss=kl-temperature',
      '--flag',
      '--none=None',
    ]);
    expect(expandCommand(['${args_json}'], ctx)).toEqual([JSON.stringify(params)]);
    expect(expandCommand(['--config=${args_json_file}', '${env}'], ctx)).toEqual(['--config=/tmp/params.json']);
  });

  it('picks the interpreter from the extension, KDLAB_PYTHON overriding python3', () => {
    expect(interpreterFor('a.py', { KDLAB_PYTHON: '/usr/bin/python3.12' })).toEqual(['/usr/bin/python3.12']);
    expect(interpreterFor('a.mjs')).toEqual(['node']);
    expect(interpreterFor('a.js')).toEqual(['node']);
    expect(interpreterFor('./train.sh')).toEqual([]);
    expect(expandCommand(DEFAULT_COMMAND, { ...ctx, program: '/p/run', params: {} })).toEqual(['/p/run']);
  });

  it('lists unknown macros with the index of their entry', () => {
    expect(unknownMacros(['${env}', 'x${argz}y', '${program}', '${}'])).toEqual([
      { index: 1, name: 'argz' },
      { index: 3, name: '' },
    ]);
    expect(() => expandCommand(['${nope}'], ctx)).toThrow(/unknown macro \$\{nope\}/);
  });

  it('keeps any parameter value in one argument, whatever it holds (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }).filter((k) => !k.includes('=')),
        (value, name) => {
          const argv = expandCommand(DEFAULT_COMMAND, { ...ctx, params: { [name]: value } });
          expect(argv).toEqual(['python3', '/p/train.py', `--${name}=${value}`]);
        },
      ),
    );
  });

  it('never throws on a command made only of known macros and plain words (fuzz)', () => {
    const word = fc.oneof(
      fc.constantFrom(...MACROS.map((m) => `\${${m}}`)),
      fc.string().filter((s) => !s.includes('${')),
    );
    fc.assert(
      fc.property(fc.array(word), (command) => {
        expect(unknownMacros(command)).toEqual([]);
        expect(Array.isArray(expandCommand(command, ctx))).toBe(true);
      }),
    );
  });

  it('writes values as Python str() does for booleans and null', () => {
    expect([true, false, null, 3, 'a b'].map(formatArgValue)).toEqual(['True', 'False', 'None', '3', 'a b']);
  });
});
