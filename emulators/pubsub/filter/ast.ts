// The parsed form of a Pub/Sub subscription filter: a small boolean tree over attribute tests.
// Parsing, printing and evaluation all agree on this one shape.

/** One node of a parsed filter. `all` is the empty filter, which matches every message. */
export type FilterExpr =
  | { readonly kind: 'all' }
  | { readonly kind: 'has'; readonly key: string }
  | { readonly kind: 'eq'; readonly key: string; readonly value: string }
  | { readonly kind: 'neq'; readonly key: string; readonly value: string }
  | { readonly kind: 'prefix'; readonly key: string; readonly prefix: string }
  | { readonly kind: 'not'; readonly operand: FilterExpr }
  | { readonly kind: 'and'; readonly operands: readonly FilterExpr[] }
  | { readonly kind: 'or'; readonly operands: readonly FilterExpr[] };
