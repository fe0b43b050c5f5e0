/** The sweep config keys of the command trainer: program, command, run_timeout. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import { parseSweepConfig, validateSweepConfig } from '../../../src/sweep/config.js';

const yaml = (extra: string) => `method: grid
metric: { name: val_loss, goal: minimize }
parameters:
  hidden_units: { values: [32, 64] }
  dropout_rate: { values: [0.1] }
${extra}`;

describe('sweep config: the command trainer', () => {
  it('a W&B program makes the command trainer the default, with any parameter names; program resolves against the file', () => {
    const cfg = parseSweepConfig(yaml('program: src/train.py\nrun_timeout: 30m\n'), '/home/u/exp/sweep.yaml');
    expect(cfg.trainer).toBe('command');
    expect(cfg.space.params.map((p) => p.name)).toEqual(['hidden_units', 'dropout_rate']);
    expect(cfg.trainerSettings.program).toEqual({ program: '/home/u/exp/src/train.py', metric: 'val_loss', runTimeoutS: 1800 });
    expect(cfg.raw.program).toBe('/home/u/exp/src/train.py');
    // the stored config reads back the same
    expect(validateSweepConfig(cfg.raw as Record<string, unknown>).trainerSettings.program).toEqual(cfg.trainerSettings.program);
  });

  it('keeps the command list as written', () => {
    const cfg = parseSweepConfig(yaml("program: t.py\ncommand: ['${env}', python3, '${program}', '${args_no_hyphens}']\n"), '/x/s.yaml');
    expect(cfg.trainerSettings.program?.command).toEqual(['${env}', 'python3', '${program}', '${args_no_hyphens}']);
  });

  it('an unknown macro in command is one line with its file:line:column and a near miss', () => {
    const text = yaml('program: t.py\ncommand:\n  - ${env}\n  - ${interpreter}\n  - ${program}\n  - ${argz}\n');
    expect(() => parseSweepConfig(text, 's.yaml')).toThrow(DataError);
    expect(() => parseSweepConfig(text, 's.yaml')).toThrow(
      "s.yaml:11:5: command.3: unknown macro ${argz} (did you mean ${args}?); W&B's macros are ${env}, ${interpreter}, ${program}, ${args}, ${args_no_hyphens}, ${args_no_boolean_flags}, ${args_json}, ${args_json_file}",
    );
  });

  it('rejects a bad run_timeout, ${program} without a program, and the command trainer with nothing to run', () => {
    expect(() => parseSweepConfig(yaml('program: t.py\nrun_timeout: soon\n'), 's.yaml')).toThrow(
      's.yaml:7:14: run_timeout: "soon" is not a duration; write e.g. 90s, 30m or 2h',
    );
    expect(() => parseSweepConfig(yaml("command: ['${program}']\n"), 's.yaml')).toThrow(
      's.yaml:6:1: command: uses ${program} but the config has no `program:`; add one',
    );
    expect(() => parseSweepConfig(yaml('trainer: command\n'), 's.yaml')).toThrow(
      'program: is required by the command trainer (the script each run executes), or give `command:`',
    );
  });

  it('an explicit trainer wins over program (a W&B file reused for the distill trainer)', () => {
    const cfg = parseSweepConfig(
      `method: grid\ntrainer: distill\nprogram: train.py\nparameters:\n  temperature: { values: [2] }\n`,
      'd.yaml',
    );
    expect(cfg.trainer).toBe('distill');
    expect(cfg.trainerSettings.program).toBeUndefined();
  });

  it('any command list and run_timeout either parses or is one DataError (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), fc.oneof(fc.string(), fc.double()), (command, timeout) => {
        const text = yaml(`program: t.py\ncommand: ${JSON.stringify(command)}\nrun_timeout: ${JSON.stringify(timeout)}\n`);
        try {
          const cfg = parseSweepConfig(text, 's.yaml');
          expect(cfg.trainerSettings.program?.command).toEqual(command);
          expect(cfg.trainerSettings.program?.runTimeoutS).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as Error).message).toMatch(/^s\.yaml:\d+:\d+: /);
        }
      }),
    );
  });
});
