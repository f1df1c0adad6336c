// Pub/Sub subscription filters: parse the documented filter language once, when a subscription
// is created, then test each message's attributes against the parsed tree.
import type { FilterExpr } from './ast.ts';
import { parseExpression } from './parser.ts';
import { filterSyntaxError } from './syntax-error.ts';

export type { FilterExpr } from './ast.ts';
export { matchesFilter } from './evaluate.ts';
export { printFilter } from './print.ts';

/** Google's documented limit on a filter, counted in UTF-8 bytes. */
export const MAX_FILTER_BYTES = 256;

// Lone UTF-16 surrogates: text that no client could have sent as a protobuf string.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Parses a subscription filter. The empty string (or only whitespace) is "no filter" and matches
 * every message. Anything invalid throws a DevkitError INVALID_ARGUMENT naming the problem and,
 * where there is one, its column.
 */
export function parseFilter(text: string): FilterExpr {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILTER_BYTES) {
    throw filterSyntaxError(`filter is ${bytes} bytes; the limit is ${MAX_FILTER_BYTES} bytes (UTF-8)`);
  }
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) throw filterSyntaxError('filter is not valid Unicode (lone surrogate)', surrogate.index);
  if (text.trim() === '') return { kind: 'all' };
  return parseExpression(text);
}
