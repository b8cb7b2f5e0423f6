#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCases } from './commands/cases.js';
import { registerClassify } from './commands/classify.js';
import { registerCrawl } from './commands/crawl.js';
import { registerDemo } from './commands/demo.js';
import { registerEval } from './commands/eval.js';
import { registerMigrate } from './commands/migrate.js';
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
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
