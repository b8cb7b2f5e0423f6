import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { modelRegistryFor, modelSettings } from '../../pipeline/classifier-set.js';
import { table } from '../output.js';

export function registerModels(program: Command): void {
  const models = program.command('models').description('transformer models: what is on this machine, and prefetching them for air-gapped use');

  models
    .command('list')
    .description('the registry models (pinned revision, task, dtype) and whether their files are on this machine')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const { locateModel } = await import('../../classifiers/transformers/model-loader.js');
      const registry = modelRegistryFor(config);
      const settings = modelSettings(config);
      const rows = registry.models.map((m) => {
        const s = locateModel(settings, m);
        return { id: m.id, task: m.task, dtype: m.dtype, revision: m.revision.slice(0, 10), present: s.found ? `${s.found.source}: ${s.found.dir}` : 'no' };
      });
      if (opts.json) return void console.log(JSON.stringify({ transformers: config.transformers, offline: settings.offline, cacheDir: settings.cacheDir, localModelDir: settings.localModelDir ?? null, models: rows }, null, 2));
      console.log(`transformers: ${config.transformers}; offline: ${settings.offline}; cache ${settings.cacheDir}${settings.localModelDir ? `; local model dir ${settings.localModelDir}` : ''}`);
      console.log(table(rows));
    });

  models
    .command('pull [ids...]')
    .description('download the registry models (default: all) at their pinned revisions into the model cache, with a progress bar; models already on disk are left alone')
    .option('--online', 'allow network access for this command even when SHELFWATCH_OFFLINE is on (the default)')
    .option('--json', 'print the result as JSON')
    .action(async (ids: string[], opts: { online?: boolean; json?: boolean }) => {
      const config = loadConfig(opts.online ? { offline: false } : {});
      const { findModel } = await import('../../classifiers/transformers/model-registry.js');
      const { pullModels } = await import('../../classifiers/transformers/model-pull.js');
      const { createPullProgressPrinter } = await import('../../classifiers/transformers/progress-bar.js');
      const registry = modelRegistryFor(config);
      // findModel throws a readable error naming the known ids.
      const entries = ids.length ? ids.map((id) => findModel(registry, id)) : registry.models;
      const results = await pullModels(entries, modelSettings(config), opts.json ? undefined : createPullProgressPrinter(process.stderr));
      if (opts.json) console.log(JSON.stringify(results, null, 2));
      else console.log(table(results.map((r) => ({ model: r.modelId, status: r.status, source: r.source, dir: r.dir }))));
    });
}
