// Recursive-descent parser for the filter language, without the length limit (see index.ts).
// Grammar, after Google's "Filter messages" page:
//   filter    = expr end
//   expr      = unary { AND unary } | unary { OR unary }   (mixing needs parentheses)
//   unary     = (NOT | "-") unary | primary
//   primary   = "(" expr ")" | attributes ":" key | attributes "." key ("=" | "!=") string
//             | hasPrefix "(" attributes "." key "," string ")"
//   key       = word | string
import type { FilterExpr } from './ast.ts';
import { type Token, type TokenKind, tokenize } from './lexer.ts';
import { filterSyntaxError } from './syntax-error.ts';

/** Parses a non-empty filter expression; throws INVALID_ARGUMENT naming the column of the problem. */
export function parseExpression(text: string): FilterExpr {
  const parser = new Parser(tokenize(text));
  const expr = parser.expr();
  parser.expectEnd();
  return expr;
}

const KEYWORDS = ['AND', 'OR', 'NOT', 'attributes', 'hasPrefix'];

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  expr(): FilterExpr {
    const first = this.unary();
    const operator = this.peek();
    if (!isWord(operator, 'AND') && !isWord(operator, 'OR')) return first;
    const operands = [first];
    while (isWord(this.peek(), 'AND') || isWord(this.peek(), 'OR')) {
      const next = this.take();
      if (next.text !== operator.text) {
        throw filterSyntaxError(
          `${next.text} after ${operator.text}: AND and OR can't be mixed without parentheses`,
          next.index,
        );
      }
      operands.push(this.unary());
    }
    return { kind: operator.text === 'AND' ? 'and' : 'or', operands };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind === 'end') return;
    if (token.kind === ')') throw filterSyntaxError("')' without a matching '('", token.index);
    throw this.unexpectedAfterCondition(token);
  }

  private unary(): FilterExpr {
    const token = this.peek();
    if (isWord(token, 'NOT') || token.kind === '-') {
      this.take();
      return { kind: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): FilterExpr {
    const token = this.take();
    if (token.kind === '(') {
      const inner = this.expr();
      const close = this.peek();
      if (close.kind === 'end') throw filterSyntaxError("'(' is never closed", token.index);
      if (close.kind !== ')') throw this.unexpectedAfterCondition(close);
      this.take();
      return inner;
    }
    if (isWord(token, 'attributes')) return this.attributeTest(token);
    if (isWord(token, 'hasPrefix')) return this.hasPrefix();
    throw filterSyntaxError(
      `expected a condition (attributes:KEY, attributes.KEY = "v", hasPrefix(...), NOT, - or '(') ` +
        `but found ${describe(token)}${keywordHint(token)}`,
      token.index,
    );
  }

  private attributeTest(attributes: Token): FilterExpr {
    const separator = this.take();
    if (separator.kind === ':') return { kind: 'has', key: this.key() };
    if (separator.kind !== '.') {
      throw filterSyntaxError(
        `expected ':' or '.' after 'attributes' but found ${describe(separator)}`,
        separator.index,
      );
    }
    const key = this.key();
    const operator = this.take();
    if (operator.kind !== '=' && operator.kind !== '!=') {
      throw filterSyntaxError(
        `expected '=' or '!=' after attributes.${key} (to test for the key, write attributes:KEY) ` +
          `but found ${describe(operator)}`,
        operator.kind === 'end' ? attributes.index : operator.index,
      );
    }
    const value = this.stringValue();
    return operator.kind === '=' ? { kind: 'eq', key, value } : { kind: 'neq', key, value };
  }

  private hasPrefix(): FilterExpr {
    this.expect('(', "'(' after hasPrefix");
    const target = this.take();
    if (!isWord(target, 'attributes')) {
      throw filterSyntaxError(
        `hasPrefix's first argument must be attributes.KEY, not ${describe(target)}`,
        target.index,
      );
    }
    this.expect('.', "'.' after attributes in hasPrefix");
    const key = this.key();
    this.expect(',', "',' between hasPrefix's arguments");
    const prefix = this.stringValue();
    this.expect(')', "')' after hasPrefix's two arguments");
    return { kind: 'prefix', key, prefix };
  }

  private key(): string {
    const token = this.take();
    if (token.kind !== 'word' && token.kind !== 'string') {
      throw filterSyntaxError(
        `expected an attribute key but found ${describe(token)} (keys with characters other than ` +
          'letters, digits, - and _ go in a string literal)',
        token.index,
      );
    }
    if (token.text === '') throw filterSyntaxError('attribute key must not be empty', token.index);
    return token.text;
  }

  private stringValue(): string {
    const token = this.take();
    if (token.kind !== 'string') {
      throw filterSyntaxError(
        `expected a string literal in double quotes but found ${describe(token)}`,
        token.index,
      );
    }
    return token.text;
  }

  private expect(kind: TokenKind, what: string): void {
    const token = this.take();
    if (token.kind !== kind)
      throw filterSyntaxError(`expected ${what} but found ${describe(token)}`, token.index);
  }

  /** A token that can't follow a complete condition: explain the likeliest mistake. */
  private unexpectedAfterCondition(token: Token): Error {
    const upper = token.kind === 'word' ? token.text.toUpperCase() : '';
    if (upper === 'AND' || upper === 'OR' || upper === 'NOT') {
      return filterSyntaxError(
        `boolean operators are uppercase: write ${upper}, not ${token.text}`,
        token.index,
      );
    }
    if (token.kind === 'word' || token.kind === '(' || token.kind === '-') {
      return filterSyntaxError(
        `expected AND or OR between conditions but found ${describe(token)}`,
        token.index,
      );
    }
    return filterSyntaxError(`unexpected ${describe(token)}`, token.index);
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private take(): Token {
    const token = this.tokens[this.position]!;
    // The `end` token is never consumed, so every later peek still sees it.
    if (token.kind !== 'end') this.position += 1;
    return token;
  }
}

function isWord(token: Token, text: string): boolean {
  return token.kind === 'word' && token.text === text;
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the filter';
  if (token.kind === 'string') return 'a string literal';
  return `'${token.text}'`;
}

function keywordHint(token: Token): string {
  if (token.kind !== 'word') return '';
  const match = KEYWORDS.find((keyword) => keyword.toLowerCase() === token.text.toLowerCase());
  return match && match !== token.text ? ` (keywords are case-sensitive: ${match})` : '';
}
