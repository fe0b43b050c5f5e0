import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/render/format.js';

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([formatDuration(4.2), formatDuration(75), formatDuration(3 * 3600 + 5 * 60)]).toEqual(['4s', '1m15s', '3h05m']);
  });
  it('rounds to whole seconds before splitting, so no unit reaches 60', () => {
    expect([formatDuration(59.6), formatDuration(119.7), formatDuration(3599.8), formatDuration(2 * 3600 - 20)]).toEqual([
      '1m00s',
      '2m00s',
      '1h00m',
      '2h00m',
    ]);
  });
  it('never shows a negative duration', () => {
    expect(formatDuration(-3)).toBe('0s');
  });
});
