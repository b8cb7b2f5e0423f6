import path from 'node:path';
import type { Command } from 'commander';
import { importRegister, writeRegister } from '../../classifiers/claims/eu-register.js';
import { loadConfig } from '../../config.js';
import { UsageError } from '../errors.js';
import { table } from '../output.js';

export function registerClaims(program: Command): void {
  const claims = program.command('claims').description('claims registers (EU Register of nutrition and health claims) used by the claims-register classifier');
  claims
    .command('import <file>')
    .description('validate a register export (JSON Lines: claim_text, status, claim_type, ingredient, ...) and write the compact normalised register')
    .option('--profile <name>', 'jurisdiction profile the register belongs to', 'eu')
    .option('-o, --out <file>', 'where to write the register (default <models>/claims/eu-register.v1.json)')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { profile: string; out?: string; json?: boolean }) => {
      const config = loadConfig({});
      const out = opts.out ?? path.join(config.modelsDir, 'claims', 'eu-register.v1.json');
      const { register, errors } = importRegister(file, { profile: opts.profile });
      for (const e of errors) console.error(`${file}:${e.line}: ${e.message}`);
      if (!register.claims.length) throw new UsageError(`no usable register lines in ${file}`);
      writeRegister(out, register);
      const byStatus = { A: 0, N: 0, R: 0 };
      for (const c of register.claims) byStatus[c.status]++;
      const summary = {
        file,
        out,
        version: register.version,
        profile: register.profile,
        lines: register.source.lines,
        imported: register.claims.length,
        skipped: errors.length,
        authorised: byStatus.A,
        nonAuthorised: byStatus.N,
        revoked: byStatus.R,
        wordings: register.claims.reduce((s, c) => s + c.phrases.length, 0),
      };
      if (opts.json) console.log(JSON.stringify(summary, null, 2));
      else {
        console.log(`imported ${summary.imported} of ${summary.lines} register entries into ${out}${errors.length ? ` (${errors.length} bad line(s) skipped)` : ''}`);
        console.log(table([{ authorised: summary.authorised, 'non-authorised': summary.nonAuthorised, revoked: summary.revoked, wordings: summary.wordings, version: summary.version }]));
      }
    });
}
