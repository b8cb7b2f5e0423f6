import type { CrawlPipelineSummary } from '../../pipeline/inline-runner.js';
import { table } from '../output.js';

export function printSummary(s: CrawlPipelineSummary, database: string, json?: boolean): void {
  if (json) {
    console.log(JSON.stringify({ ...s, database }));
    return;
  }
  const errors = Object.entries(s.stats.errors)
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
  console.log(
    table(
      [
        { metric: 'pages fetched', value: s.stats.pages },
        { metric: 'listings crawled', value: s.listings },
        { metric: 'listings new / changed / re-listed / unchanged', value: `${s.stats.listingsNew} / ${s.stats.listingsChanged} / ${s.stats.listingsRelisted ?? 0} / ${s.stats.listingsUnchanged}` },
        { metric: 'listings marked removed', value: s.stats.listingsRemoved },
        { metric: 'flagged false_health_claim', value: s.flagged.false_health_claim },
        { metric: 'flagged missing_certificate', value: s.flagged.missing_certificate },
        { metric: 'flagged mislabeled_food', value: s.flagged.mislabeled_food },
        { metric: 'cases opened', value: s.cases.opened },
        { metric: 'cases refreshed / already open', value: `${s.cases.refreshed} / ${s.cases.duplicate}` },
        { metric: 'page errors', value: errors || '0' },
        { metric: 'time taken', value: `${s.seconds.toFixed(1)} s` },
        { metric: 'crawl run', value: `#${s.crawlRunId} in ${database}` },
      ],
      ['metric', 'value'],
    ),
  );
}
