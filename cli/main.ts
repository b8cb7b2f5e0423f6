#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCases } from './commands/cases.js';
import { registerClaims } from './commands/claims.js';
import { registerClassify } from './commands/classify.js';
import { registerJobs } from './commands/jobs.js';
import { registerSchedule } from './commands/schedule.js';
import { registerWorker } from './commands/worker.js';
import { registerCrawl } from './commands/crawl.js';
import { registerDemo } from './commands/demo.js';
import { registerEval } from './commands/eval.js';
import { registerMigrate } from './commands/migrate.js';
import { registerTargets } from './commands/targets.js';
import { registerServe } from './commands/serve.js';
import { registerUsers } from './commands/users.js';
import { registerTrain } from './commands/train.js';
import { registerModels } from './commands/models.js';
import { registerTrainHead } from './commands/train-head.js';
import { describeError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('shelfwatch')
    .description('Find listings with false health claims, missing certificates and mislabeled food; queue them for review and takedown.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDemo(program);
  registerCrawl(program);
  registerClassify(program);
  registerEval(program);
  registerCases(program);
  registerMigrate(program);
  registerTargets(program);
  registerServe(program);
  registerUsers(program);
  registerWorker(program);
  registerJobs(program);
  registerSchedule(program);
  registerTrain(program);
  registerClaims(program);
  registerModels(program);
  registerTrainHead(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`shelfwatch: ${describeError(err)}`);
    if (process.env.SHELFWATCH_DEBUG) console.error(err);
    return 1;
  }
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  main(process.argv.slice(2))
    .then((code) => Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => code))
    .then((code) => process.exit(code));
}

/**
 * Resolves once everything written to `stream` so far is handed to the OS. A pipe takes output
 * asynchronously when its reader is slower, and process.exit drops what it has not taken:
 * `classify | wc -l` lost its last result lines.
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}
