// Splits filter text into tokens. Whitespace separates tokens and is otherwise ignored, so
// `attributes.k="v"` and `attributes.k = "v"` read the same, as they do on the real service.
import { readStringLiteral } from './string-literal.ts';
import { filterSyntaxError } from './syntax-error.ts';

export type TokenKind = '(' | ')' | ',' | '.' | ':' | '=' | '!=' | '-' | 'word' | 'string' | 'end';

export interface Token {
  kind: TokenKind;
  /** Raw text of a word; decoded value of a string literal. */
  text: string;
  /** 0-based offset of the token's first character, for error messages. */
  index: number;
}

// A bare key may hold letters, digits, hyphens and underscores (Google: anything else needs a
// string literal). It can't start with '-', which would read as negation.
const WORD = /[A-Za-z0-9_][A-Za-z0-9_-]*/y;
const WHITESPACE = /[ \t\n\r\f\v]+/y;
const PUNCTUATION = new Set<TokenKind>(['(', ')', ',', '.', ':', '=', '-']);

/** Tokenizes the whole filter; the last token is always `end`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    WHITESPACE.lastIndex = i;
    if (WHITESPACE.test(text)) {
      i = WHITESPACE.lastIndex;
      continue;
    }
    const char = text[i]!;
    if (char === '"') {
      const literal = readStringLiteral(text, i);
      tokens.push({ kind: 'string', text: literal.value, index: i });
      i = literal.end;
      continue;
    }
    if (char === '!') {
      if (text[i + 1] !== '=') throw filterSyntaxError("unexpected '!' (the operators are != and NOT)", i);
      tokens.push({ kind: '!=', text: '!=', index: i });
      i += 2;
      continue;
    }
    if (PUNCTUATION.has(char as TokenKind)) {
      tokens.push({ kind: char as TokenKind, text: char, index: i });
      i += 1;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], index: i });
      i = WORD.lastIndex;
      continue;
    }
    if (char === "'") throw filterSyntaxError('string literals use double quotes', i);
    const shown = String.fromCodePoint(text.codePointAt(i)!);
    throw filterSyntaxError(`unexpected character ${JSON.stringify(shown)}`, i);
  }
  tokens.push({ kind: 'end', text: '', index: text.length });
  return tokens;
}
