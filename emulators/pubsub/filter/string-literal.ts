// Reads one double-quoted string literal of the filter language and decodes its escapes.
// Google documents C-style escapes plus Unicode, hexadecimal and octal ones; \x and octal
// escapes are bytes (as in CEL), so the decoded bytes must form valid UTF-8.
import { filterSyntaxError } from './syntax-error.ts';

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
  '`': 0x60,
  '?': 0x3f,
};

const HEX = /^[0-9a-fA-F]+$/;
const OCTAL = /^[0-3][0-7][0-7]$/;
const utf8 = new TextEncoder();
// fatal: a literal whose bytes are not UTF-8 can never equal an attribute, which is a proto string;
// ignoreBOM: a leading U+FEFF is part of the value, not a byte-order mark to drop.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface StringLiteral {
  value: string;
  /** Offset just past the closing quote. */
  end: number;
}

/** Reads the literal whose opening quote is at `start`. */
export function readStringLiteral(text: string, start: number): StringLiteral {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const codePoint = text.codePointAt(i)!;
    const char = String.fromCodePoint(codePoint);
    if (char === '"') {
      return { value: decode(bytes, start), end: i + 1 };
    }
    if (char === '\\') {
      i = readEscape(text, i, bytes);
      continue;
    }
    // The docs ask for non-printing characters to be escaped, so a raw one is a mistake.
    if (codePoint < 0x20 || codePoint === 0x7f) {
      throw filterSyntaxError(
        `control character U+${hex4(codePoint)} in a string literal must be escaped`,
        i,
      );
    }
    bytes.push(...utf8.encode(char));
    i += char.length;
  }
  throw filterSyntaxError('unterminated string literal', start);
}

/** Decodes the escape whose backslash is at `at`, appending its bytes; returns the next offset. */
function readEscape(text: string, at: number, bytes: number[]): number {
  const kind = text[at + 1];
  if (kind === undefined) throw filterSyntaxError('unterminated string literal', at);
  const simple = SIMPLE_ESCAPES[kind];
  if (simple !== undefined) {
    bytes.push(simple);
    return at + 2;
  }
  if (kind === 'x' || kind === 'X') {
    bytes.push(readHex(text, at, 2));
    return at + 4;
  }
  if (kind === 'u' || kind === 'U') {
    const digits = kind === 'u' ? 4 : 8;
    const codePoint = readHex(text, at, digits);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      throw filterSyntaxError(
        `escape \\${kind}${text.slice(at + 2, at + 2 + digits)} is not a Unicode scalar value`,
        at,
      );
    }
    bytes.push(...utf8.encode(String.fromCodePoint(codePoint)));
    return at + 2 + digits;
  }
  const octal = text.slice(at + 1, at + 4);
  if (OCTAL.test(octal)) {
    bytes.push(Number.parseInt(octal, 8));
    return at + 4;
  }
  if (kind >= '0' && kind <= '7') {
    throw filterSyntaxError('an octal escape takes exactly three digits, \\000 to \\377', at);
  }
  throw filterSyntaxError(`unknown escape sequence '\\${kind}'`, at);
}

function readHex(text: string, at: number, digits: number): number {
  const hex = text.slice(at + 2, at + 2 + digits);
  if (hex.length !== digits || !HEX.test(hex)) {
    throw filterSyntaxError(`escape \\${text[at + 1]} takes exactly ${digits} hexadecimal digits`, at);
  }
  return Number.parseInt(hex, 16);
}

function decode(bytes: number[], start: number): string {
  try {
    return strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    throw filterSyntaxError(
      'string literal does not decode to valid UTF-8 (check \\x and octal escapes)',
      start,
    );
  }
}

function hex4(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}
