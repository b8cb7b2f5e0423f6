import type { z } from 'zod';
import { ExtractionError } from '../errors.js';
import type { AdapterTools, PageContext } from './types.js';

/**
 * zod at the edge for API adapters: shop APIs (or whatever answers in their
 * place) may send anything. A body that is not JSON fails the page with an
 * ExtractionError (not retried); each invalid item is reported on its own and
 * skipped, so one bad product does not cost the rest of the page.
 */

/** The page body as JSON, or an ExtractionError naming the page. */
export function jsonBody(page: PageContext, what: string): unknown {
  try {
    return page.json();
  } catch (cause) {
    throw new ExtractionError(page.url, `expected JSON ${what}, got something else (${(cause as Error).message})`, { cause });
  }
}

/** The valid items of `items`; every invalid one becomes a page error with its position and first problem. */
export async function validItems<S extends z.ZodTypeAny>(page: PageContext, tools: AdapterTools, items: unknown, schema: S, what: string): Promise<Array<z.output<S>>> {
  if (!Array.isArray(items)) throw new ExtractionError(page.url, `expected a JSON array of ${what}s, got ${items === null ? 'null' : typeof items}`);
  const out: Array<z.output<S>> = [];
  for (const [i, item] of items.entries()) {
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
    else {
      const issue = r.error.issues[0];
      await tools.pageError(page.url, new ExtractionError(page.url, `${what} #${i + 1}: ${issue.path.join('.') || '(item)'}: ${issue.message}`, { cause: r.error }));
    }
  }
  return out;
}
