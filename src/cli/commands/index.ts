/**
 * Every CLI command, in the order `kdlab --help` lists them. Each module only declares flags and
 * lazy-imports its implementation.
 */
import type { Command } from 'commander';
import { register as registerReport } from './report.js';
import { register as registerRuns } from './runs.js';
import { register as registerTrain } from './train.js';
import { register as registerTtest } from './ttest.js';
import { register as registerSweep } from './sweep.js';
import { register as registerAgent } from './agent.js';
import { register as registerDemo } from './demo.js';
import { register as registerExperiment } from './experiment.js';
import { register as registerRerun } from './rerun.js';

export function registerCommands(program: Command): void {
  registerReport(program);
  registerRuns(program);
  registerTrain(program);
  registerTtest(program);
  registerSweep(program);
  registerAgent(program);
  registerDemo(program);
  registerExperiment(program);
  registerRerun(program);
}
