import { describe, expect, it } from 'vitest';
import { PARAM_DEFAULTS, PARAM_NAMES, resolveParams } from '../../src/train/params.js';
import { UsageError } from '../../src/errors.js';

describe('resolveParams', () => {
  it('resolves exactly the parameters a sweep config may name (one list, PARAM_NAMES)', () => {
    expect(Object.keys(resolveParams({})).sort()).toEqual([...PARAM_NAMES].sort());
  });

  it('fills the documented defaults, w_soft = 1 − w_hard', () => {
    const p = resolveParams({});
    expect(p).toEqual({ ...PARAM_DEFAULTS, w_soft: 1 - PARAM_DEFAULTS.w_hard });
    expect(resolveParams({ w_hard: 0.2 }).w_soft).toBeCloseTo(0.8, 12);
    expect(resolveParams({ w_hard: 0.2, w_soft: 3 }).w_soft).toBe(3);
  });

  it('accepts numbers as strings (YAML, CLI) and architectures as "128,64" or a number', () => {
    const p = resolveParams({ temperature: '4', epochs: '3', student_hidden: '128, 64' });
    expect(p.temperature).toBe(4);
    expect(p.epochs).toBe(3);
    expect(p.student_hidden).toBe('128,64');
    expect(resolveParams({ student_hidden: 16 }).student_hidden).toBe('16');
  });

  it('rejects unknown names with a hint, and bad values naming the parameter', () => {
    expect(() => resolveParams({ temprature: 4 })).toThrow(/unknown parameter "temprature" \(did you mean "temperature"\?\)/);
    expect(() => resolveParams({ 'w-hard': 0.5 })).toThrow(/did you mean "w_hard"/);
    expect(() => resolveParams({ loss: 'kd' })).toThrow(UsageError);
    expect(() => resolveParams({ temperature: 0 })).toThrow('temperature must be > 0, got 0');
    expect(() => resolveParams({ k: 1 })).toThrow('k must be < 1, got 1');
    expect(() => resolveParams({ epochs: 2.5 })).toThrow('epochs must be an integer, got 2.5');
    expect(() => resolveParams({ learning_rate: 'fast' })).toThrow('learning_rate must be a number, got "fast"');
    expect(() => resolveParams({ student_hidden: '32,0' })).toThrow(/student_hidden: hidden layer sizes must be positive integers/);
  });
});
