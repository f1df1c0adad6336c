// Decides whether a message's attributes pass a parsed filter.
import type { FilterExpr } from './ast.ts';

/**
 * True when `attributes` satisfy `expr`. As on the real service (and Go's pstest), `!=` is the
 * negation of `=`: a message without the key passes `attributes.k != "v"`, while `hasPrefix`
 * needs the key to be present.
 */
export function matchesFilter(expr: FilterExpr, attributes: Readonly<Record<string, string>>): boolean {
  // Own properties only: a key such as "constructor" or "__proto__" must not hit Object.prototype.
  const value = (key: string): string | undefined =>
    Object.hasOwn(attributes, key) ? attributes[key] : undefined;
  const test = (node: FilterExpr): boolean => {
    switch (node.kind) {
      case 'all':
        return true;
      case 'has':
        return value(node.key) !== undefined;
      case 'eq':
        return value(node.key) === node.value;
      case 'neq':
        return value(node.key) !== node.value;
      case 'prefix':
        return value(node.key)?.startsWith(node.prefix) ?? false;
      case 'not':
        return !test(node.operand);
      case 'and':
        return node.operands.every(test);
      case 'or':
        return node.operands.some(test);
    }
  };
  return test(expr);
}
