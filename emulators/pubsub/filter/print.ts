// Writes a parsed filter back as filter text that parses to the same tree: the canonical
// form used in tests (print ∘ parse round-trips) and handy in logs.
import type { FilterExpr } from './ast.ts';

const BARE_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** Canonical text of `expr`; the empty filter prints as the empty string. */
export function printFilter(expr: FilterExpr): string {
  switch (expr.kind) {
    case 'all':
      return '';
    case 'has':
      return `attributes:${printKey(expr.key)}`;
    case 'eq':
      return `attributes.${printKey(expr.key)} = ${printString(expr.value)}`;
    case 'neq':
      return `attributes.${printKey(expr.key)} != ${printString(expr.value)}`;
    case 'prefix':
      return `hasPrefix(attributes.${printKey(expr.key)}, ${printString(expr.prefix)})`;
    case 'not':
      return `NOT ${printOperand(expr.operand)}`;
    case 'and':
      return expr.operands.map(printOperand).join(' AND ');
    case 'or':
      return expr.operands.map(printOperand).join(' OR ');
  }
}

// Nested AND/OR chains keep their parentheses: the language forbids mixing them bare, and a
// nested chain of the same operator stays a distinct node when parsed back.
function printOperand(expr: FilterExpr): string {
  return expr.kind === 'and' || expr.kind === 'or' ? `(${printFilter(expr)})` : printFilter(expr);
}

function printKey(key: string): string {
  return BARE_KEY.test(key) ? key : printString(key);
}

/** A double-quoted literal; quotes, backslashes and control characters are escaped. */
export function printString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
