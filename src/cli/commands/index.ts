/**
 * Every CLI command, in the order `kdlab --help` lists them. Each module only declares flags, maps
 * them to the command's options and hands both to the runner, which lazy-imports the command.
 */
import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { register as registerReport } from './report.js';
import { register as registerRuns } from './runs.js';
import { register as registerTrain } from './train.js';
import { register as registerTtest } from './ttest.js';
import { register as registerSweep } from './sweep.js';
import { register as registerAgent } from './agent.js';
import { register as registerDemo } from './demo.js';
import { register as registerExperiment } from './experiment.js';
import { register as registerRerun } from './rerun.js';

export function registerCommands(program: Command, run: Runner): void {
  registerReport(program, run);
  registerRuns(program, run);
  registerTrain(program, run);
  registerTtest(program, run);
  registerSweep(program, run);
  registerAgent(program, run);
  registerDemo(program, run);
  registerExperiment(program, run);
  registerRerun(program, run);
}
