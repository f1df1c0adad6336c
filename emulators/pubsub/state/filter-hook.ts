// The subscription filter as the state uses it: parsed once per subscription, cached by text.
import { type FilterExpr, matchesFilter, parseFilter } from '../filter/index.ts';

const cache = new Map<string, FilterExpr>();

/** Throws INVALID_ARGUMENT when `text` is not a valid filter. */
export function checkFilter(text: string): void {
  compiled(text);
}

function compiled(text: string): FilterExpr {
  let expr = cache.get(text);
  if (!expr) {
    expr = parseFilter(text);
    if (cache.size > 1000) cache.clear();
    cache.set(text, expr);
  }
  return expr;
}

/** True when a message with these attributes passes the filter (the empty filter passes all). */
export function passesFilter(text: string, attributes: Record<string, string>): boolean {
  return text === '' || matchesFilter(compiled(text), attributes);
}
