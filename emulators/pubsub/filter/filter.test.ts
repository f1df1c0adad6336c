// Unit and fuzz tests of the subscription filter language: documented examples, error cases,
// the 256-byte limit, and seeded random filters checked against an independent evaluator.
import { describe, expect, it } from 'vitest';
import { DevkitError } from '../../common/index.ts';
import type { FilterExpr } from './index.ts';
import { MAX_FILTER_BYTES, matchesFilter, parseFilter, printFilter } from './index.ts';
import { parseExpression } from './parser.ts';

type Attrs = Record<string, string>;

// The message set of Go pstest's filtering test, reused so both emulators can be compared.
const MESSAGES: Record<number, Attrs> = {
  1: { lang: 'en', name: 'com', timezone: 'UTC' },
  2: { lang: 'en', name: 'net', timezone: 'UTC' },
  3: { lang: 'en', name: 'org', timezone: 'UTC' },
  4: { lang: 'cn', name: 'com', timezone: 'UTC' },
  5: { lang: 'cn', name: 'net', timezone: 'UTC' },
  6: { lang: 'cn', name: 'org', timezone: 'UTC' },
  7: { lang: 'jp', name: 'co', timezone: 'UTC' },
  8: { lang: 'jp', timezone: 'UTC' },
  9: { name: 'com', timezone: 'UTC' },
  10: { lang: 'jp', みんな: 'dummy1' },
  11: { みんな: 'dummy2' },
  12: { name: 'com', みんな: 'dummy3', 'iana.org/language_tag': 'en', 'my key': 'v"q' },
};

function matching(filter: string): number[] {
  const expr = parseFilter(filter);
  return Object.entries(MESSAGES)
    .filter(([, attrs]) => matchesFilter(expr, attrs))
    .map(([id]) => Number(id));
}

function expectInvalid(filter: string, message?: RegExp): DevkitError {
  let caught: unknown;
  try {
    parseFilter(filter);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${JSON.stringify(filter)} to be rejected`).toBeInstanceOf(DevkitError);
  const error = caught as DevkitError;
  expect(error.code).toBe('INVALID_ARGUMENT');
  if (message) expect(error.message).toMatch(message);
  return error;
}

describe('valid filters', () => {
  const ALL = Object.keys(MESSAGES).map(Number);
  const table: [string, number[]][] = [
    ['', ALL],
    ['  \t', ALL],
    ['attributes.name = "com"', [1, 4, 9, 12]],
    ['attributes.name="com"', [1, 4, 9, 12]],
    ['attributes.name != "com"', [2, 3, 5, 6, 7, 8, 10, 11]],
    ['hasPrefix(attributes.name, "co")', [1, 4, 7, 9, 12]],
    ['hasPrefix( attributes.name ,"")', [1, 2, 3, 4, 5, 6, 7, 9, 12]],
    ['attributes:name', [1, 2, 3, 4, 5, 6, 7, 9, 12]],
    ['NOT attributes:name', [8, 10, 11]],
    ['-attributes:name', [8, 10, 11]],
    ['- attributes:name', [8, 10, 11]],
    ['NOT NOT attributes:name', [1, 2, 3, 4, 5, 6, 7, 9, 12]],
    ['(NOT attributes:name) OR attributes.name = "co"', [7, 8, 10, 11]],
    ['NOT attributes:name OR attributes.name = "co"', [7, 8, 10, 11]],
    ['NOT (attributes:name OR attributes.lang = "jp")', [11]],
    ['NOT(attributes:name OR attributes.lang = "jp")', [11]],
    ['-(attributes:name OR attributes.lang = "jp")', [11]],
    ['attributes.name = "com" AND -attributes:"lang"', [9, 12]],
    ['attributes.name = "com" AND NOT attributes:lang', [9, 12]],
    ['attributes:"\\u307F\\u3093\\u306A"', [10, 11, 12]],
    ['attributes:"みんな"', [10, 11, 12]],
    ['attributes:"\\xE3\\x81\\xBF\\u3093\\U0000306A"', [10, 11, 12]],
    ['attributes:"\\343\\201\\277\\u3093\\u306a"', [10, 11, 12]],
    ['attributes.lang = "en" AND attributes.name = "com" AND attributes:timezone', [1]],
    [
      'attributes.lang = "en" OR attributes.lang = "cn" OR attributes.lang = "jp"',
      [1, 2, 3, 4, 5, 6, 7, 8, 10],
    ],
    ['(attributes.lang = "en" OR attributes.lang = "cn") AND attributes.name = "com"', [1, 4]],
    ['attributes.name = "com" AND (attributes.lang = "en" OR NOT attributes:lang)', [1, 9, 12]],
    ['((attributes:lang))', [1, 2, 3, 4, 5, 6, 7, 8, 10]],
    ['attributes."iana.org/language_tag" = "en"', [12]],
    ['attributes:"iana.org/language_tag" AND NOT attributes:lang', [12]],
    ['attributes."my key" = "v\\"q"', [12]],
    ['attributes . name = "org"', [3, 6]],
    ['attributes.timezone != "UTC"', [10, 11, 12]],
    ['attributes:AND', []],
    ['attributes:constructor OR attributes:__proto__ OR attributes:toString', []],
  ];
  it.each(table)('%j matches messages %j', (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it('!= is the negation of =, so a message without the key passes it', () => {
    expect(matchesFilter(parseFilter('attributes.k != "v"'), {})).toBe(true);
    expect(matchesFilter(parseFilter('attributes.k != "v"'), { k: 'v' })).toBe(false);
    expect(matchesFilter(parseFilter('attributes.k != "v"'), { k: '' })).toBe(true);
  });

  it('hasPrefix needs the key to be present, even for the empty prefix', () => {
    expect(matchesFilter(parseFilter('hasPrefix(attributes.k, "")'), {})).toBe(false);
    expect(matchesFilter(parseFilter('hasPrefix(attributes.k, "")'), { k: '' })).toBe(true);
    expect(matchesFilter(parseFilter('hasPrefix(attributes.k, "ab")'), { k: 'a' })).toBe(false);
  });

  it('keys and values are case-sensitive and compared exactly', () => {
    expect(matchesFilter(parseFilter('attributes.K = "v"'), { k: 'v' })).toBe(false);
    expect(matchesFilter(parseFilter('attributes.k = "V"'), { k: 'v' })).toBe(false);
    expect(matchesFilter(parseFilter('attributes.k = "v"'), { k: 'v ' })).toBe(false);
  });

  it('attributes named like Object.prototype members are ordinary keys', () => {
    const attrs = Object.fromEntries([['__proto__', 'p']]) as Attrs;
    expect(matchesFilter(parseFilter('attributes.__proto__ = "p"'), attrs)).toBe(true);
    expect(matchesFilter(parseFilter('attributes:constructor'), attrs)).toBe(false);
  });

  const escapes: [string, string][] = [
    ['"\\a\\b\\f\\n\\r\\t\\v"', '\x07\b\f\n\r\t\v'],
    ['"\\\\\\"\\\'\\`\\?"', '\\"\'`?'],
    ['"\\x41\\X42"', 'AB'],
    ['"\\101\\000"', 'A\0'],
    ['"\\u00e9\\U0001F600"', 'é😀'],
    ['"\\uFEFFx"', '\uFEFFx'],
    ['"é😀 ok"', 'é😀 ok'],
  ];
  it.each(escapes)('the string literal %s decodes to %j', (literal, value) => {
    expect(parseFilter(`attributes.k = ${literal}`)).toEqual({ kind: 'eq', key: 'k', value });
  });

  it('parses to the documented tree shape', () => {
    expect(parseFilter('attributes:a AND NOT (attributes.b = "1" OR hasPrefix(attributes.c, "2"))')).toEqual({
      kind: 'and',
      operands: [
        { kind: 'has', key: 'a' },
        {
          kind: 'not',
          operand: {
            kind: 'or',
            operands: [
              { kind: 'eq', key: 'b', value: '1' },
              { kind: 'prefix', key: 'c', prefix: '2' },
            ],
          },
        },
      ],
    });
  });
});

describe('invalid filters', () => {
  const table: [string, RegExp][] = [
    ['attributes:a AND attributes:b OR attributes:c', /column 31: OR after AND: AND and OR can't be mixed/],
    ['attributes:a OR attributes:b AND attributes:c', /column 30: AND after OR/],
    ['(attributes:a OR attributes:b AND attributes:c)', /AND after OR/],
    ['attributes:a and attributes:b', /column 14: boolean operators are uppercase: write AND/],
    ['attributes:a or attributes:b', /write OR/],
    ['not attributes:a', /case-sensitive|expected a condition/],
    ['attributes:a attributes:b', /column 14: expected AND or OR between conditions/],
    ['attributes:a (attributes:b)', /expected AND or OR/],
    ['attributes:a -attributes:b', /expected AND or OR/],
    ['attributes.a', /expected '=' or '!=' after attributes\.a/],
    ['attributes.a = foo', /column 16: expected a string literal in double quotes/],
    ['attributes.a = 5', /expected a string literal/],
    ["attributes.a = 'x'", /string literals use double quotes/],
    ['attributes.a == "x"', /expected a string literal/],
    ['attributes.a ! "x"', /unexpected '!'/],
    ['attributes.a > "x"', /unexpected character ">"/],
    ['attributes.a = "x" = "y"', /unexpected '='/],
    ['attributes.a = ("x" OR "y")', /expected a string literal/],
    ['attributes:(a OR b)', /expected an attribute key/],
    ['attributes:a = "x"', /unexpected '='/],
    ['attributes', /expected ':' or '\.' after 'attributes'/],
    ['attributes:', /expected an attribute key but found the end/],
    ['attributes:""', /attribute key must not be empty/],
    ['attributes.a.b = "x"', /expected '=' or '!='/],
    ['attributes:my key', /expected AND or OR/],
    ['attributes:-a', /expected an attribute key/],
    ['Attributes:a', /keywords are case-sensitive: attributes/],
    ['attribute:a', /expected a condition/],
    ['labels.a = "x"', /expected a condition/],
    ['"x"', /expected a condition .* found a string literal/],
    ['hasprefix(attributes.a, "x")', /case-sensitive: hasPrefix/],
    ['hasPrefix attributes.a, "x"', /expected '\(' after hasPrefix/],
    ['hasPrefix(attributes:a, "x")', /expected '\.' after attributes/],
    ['hasPrefix(a, "x")', /first argument must be attributes\.KEY/],
    ['hasPrefix(attributes.a)', /expected ',' between/],
    ['hasPrefix(attributes.a, x)', /expected a string literal/],
    ['hasPrefix(attributes.a, "x", "y")', /expected '\)' after hasPrefix/],
    ['hasPrefix("x", attributes.a)', /first argument/],
    ['NOT', /found the end of the filter/],
    ['-', /found the end of the filter/],
    ['attributes:a AND', /found the end of the filter/],
    ['AND attributes:a', /expected a condition .* found 'AND'/],
    ['attributes:a AND OR attributes:b', /found 'OR'/],
    ['()', /expected a condition .* found '\)'/],
    ['(attributes:a', /column 1: '\(' is never closed/],
    ['attributes:a)', /column 13: '\)' without a matching '\('/],
    ['((attributes:a)', /never closed/],
    ['attributes:"a', /column 12: unterminated string literal/],
    ['attributes:"a\\', /unterminated string literal/],
    ['attributes:"a\\q"', /unknown escape sequence '\\q'/],
    ['attributes:"\\x4"', /takes exactly 2 hexadecimal digits/],
    ['attributes:"\\u12g4"', /takes exactly 4 hexadecimal digits/],
    ['attributes:"\\U0011FFFF"', /not a Unicode scalar value/],
    ['attributes:"\\uD800"', /not a Unicode scalar value/],
    ['attributes:"\\12"', /octal escape takes exactly three digits/],
    ['attributes:"\\400"', /octal escape/],
    ['attributes:"\\xff"', /not decode to valid UTF-8/],
    ['attributes:"\\xE3\\x81"', /valid UTF-8/],
    ['attributes:"tab\there"', /control character U\+0009 .* must be escaped/],
    ['attributes:"line\nbreak"', /control character U\+000A/],
    ['attributes:a\u00a0AND attributes:b', /unexpected character/],
    ['attributes:a && attributes:b', /unexpected character "&"/],
    ['attributes:a || attributes:b', /unexpected character "\|"/],
    ['attributes:"\ud800"', /lone surrogate/],
  ];
  it.each(table)('%j is rejected with %s', (filter, message) => {
    expectInvalid(filter, message);
  });

  it('names the column of the problem in the message', () => {
    expect(expectInvalid('attributes:a AND attributes:b or x').message).toBe(
      'invalid filter at column 31: boolean operators are uppercase: write OR, not or',
    );
  });
});

describe('the 256-byte limit', () => {
  const filterOfBytes = (bytes: number, filler = 'a'): string => {
    const prefix = 'attributes.k = "';
    const room = bytes - Buffer.byteLength(`${prefix}"`);
    const fill = filler.repeat(Math.floor(room / Buffer.byteLength(filler)));
    return `${prefix}${fill}${'b'.repeat(room - Buffer.byteLength(fill))}"`;
  };

  it('accepts a filter of exactly 256 bytes', () => {
    const filter = filterOfBytes(MAX_FILTER_BYTES);
    expect(Buffer.byteLength(filter)).toBe(256);
    expect(parseFilter(filter).kind).toBe('eq');
  });

  it('rejects 257 bytes, naming the size and the limit', () => {
    const filter = filterOfBytes(MAX_FILTER_BYTES + 1);
    expectInvalid(filter, /filter is 257 bytes; the limit is 256 bytes/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const filter = filterOfBytes(MAX_FILTER_BYTES + 1, 'é');
    expect(filter.length).toBeLessThan(MAX_FILTER_BYTES);
    expectInvalid(filter, /257 bytes/);
    expect(parseFilter(filterOfBytes(MAX_FILTER_BYTES, '😀')).kind).toBe('eq');
  });

  it('counts the escaped text, not the decoded value', () => {
    const filter = `attributes.k = "${'\\x41'.repeat(60)}"`;
    expect(Buffer.byteLength(filter)).toBeGreaterThan(256);
    expectInvalid(filter, /the limit is 256 bytes/);
  });
});

// ---- fuzzing --------------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, so every failure reproduces from its seed. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const KEYS = [
  'a',
  'b',
  'domain',
  'ce-type',
  'x_1',
  '9',
  'iana.org/language_tag',
  'my key',
  'quote"d',
  'back\\slash',
  'みんな',
  'tab\tkey',
  'AND',
  'NOT',
  '-lead',
  'constructor',
  '__proto__',
  '😀',
];
const VALUES = ['', 'com', 'co', 'c', 'comet', 'x"y', '\\', '\n', 'é', 'AND', '😀!'];

function randomAttrs(random: () => number): Attrs {
  const entries: [string, string][] = [];
  for (const key of KEYS) if (random() < 0.35) entries.push([key, pick(random, VALUES)]);
  // fromEntries defines own properties, so even "__proto__" becomes a plain attribute.
  return Object.fromEntries(entries);
}

function randomExpr(random: () => number, depth: number): FilterExpr {
  const roll = random();
  if (depth <= 0 || roll < 0.4) {
    const key = pick(random, KEYS);
    const value = pick(random, VALUES);
    return pick(random, [
      { kind: 'has', key },
      { kind: 'eq', key, value },
      { kind: 'neq', key, value },
      { kind: 'prefix', key, prefix: value },
    ] satisfies FilterExpr[]);
  }
  if (roll < 0.55) return { kind: 'not', operand: randomExpr(random, depth - 1) };
  const operands = Array.from({ length: 2 + Math.floor(random() * 3) }, () => randomExpr(random, depth - 1));
  return { kind: roll < 0.78 ? 'and' : 'or', operands };
}

/** An independent evaluator, written from the documentation rather than from evaluate.ts. */
function reference(expr: FilterExpr, attrs: Attrs): boolean {
  const map = new Map(Object.entries(attrs));
  const run = (node: FilterExpr): boolean => {
    if (node.kind === 'all') return true;
    if (node.kind === 'has') return map.has(node.key);
    if (node.kind === 'eq') return map.has(node.key) && map.get(node.key) === node.value;
    if (node.kind === 'neq') return !(map.has(node.key) && map.get(node.key) === node.value);
    if (node.kind === 'prefix') {
      const value = map.get(node.key);
      return value !== undefined && value.slice(0, node.prefix.length) === node.prefix;
    }
    if (node.kind === 'not') return !run(node.operand);
    const results = node.operands.map(run);
    return node.kind === 'and' ? !results.includes(false) : results.includes(true);
  };
  return run(expr);
}

/** Prints with no parentheses at all, to probe the AND/OR mixing rule. */
function printBare(expr: FilterExpr): string {
  if (expr.kind === 'not') return `NOT ${printBare(expr.operand)}`;
  if (expr.kind === 'and' || expr.kind === 'or')
    return expr.operands.map(printBare).join(` ${expr.kind.toUpperCase()} `);
  return printFilter(expr);
}

function binaryKinds(expr: FilterExpr, into = new Set<string>()): Set<string> {
  if (expr.kind === 'not') binaryKinds(expr.operand, into);
  if (expr.kind === 'and' || expr.kind === 'or') {
    into.add(expr.kind);
    for (const operand of expr.operands) binaryKinds(operand, into);
  }
  return into;
}

/** Parses, insisting that any failure is a DevkitError INVALID_ARGUMENT; undefined when rejected. */
function tryParse(text: string): FilterExpr | undefined {
  try {
    return parseFilter(text);
  } catch (err) {
    if (!(err instanceof DevkitError) || err.code !== 'INVALID_ARGUMENT') {
      throw new Error(`parseFilter(${JSON.stringify(text)}) threw a non-domain error: ${String(err)}`);
    }
    return undefined;
  }
}

/** A successful parse must survive print → parse unchanged. */
function expectStableRoundTrip(text: string, expr: FilterExpr): void {
  expect(parseExpressionOrAll(printFilter(expr)), `round trip of ${JSON.stringify(text)}`).toEqual(expr);
}

function parseExpressionOrAll(text: string): FilterExpr {
  return text === '' ? { kind: 'all' } : parseExpression(text);
}

describe('fuzz', () => {
  it('random character soup only ever throws INVALID_ARGUMENT, and what parses round-trips', () => {
    const random = rng(0xf117e5);
    const alphabet = [
      ...'attributes.:=!-()," \\\'\tAaNnDdOoRrTt0189_xuUX$&|é😀\n',
      '\ud800',
      '\u0000',
      '\u00a0',
      '\uFEFF',
    ];
    let accepted = 0;
    const runs = 5000;
    for (let run = 0; run < runs; run++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let i = 0; i < length; i++) text += pick(random, alphabet);
      const expr = tryParse(text);
      if (expr) {
        accepted++;
        expectStableRoundTrip(text, expr);
      }
    }
    // Soup rarely forms a filter; the empty and blank strings at least must have parsed.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(runs);
  });

  it('random token sequences only ever throw INVALID_ARGUMENT, and what parses round-trips', () => {
    const random = rng(7);
    // Whole conditions are over-represented so that a fair share of sequences are grammatical.
    const conditions = ['attributes:k', 'attributes."a b"', 'attributes.k = "v"', 'attributes.k!="\\x41"'];
    const pieces = [
      ...conditions,
      ...conditions,
      'hasPrefix(attributes.k, "\\u00e9")',
      'AND',
      'AND',
      'OR',
      'OR',
      'NOT',
      '-',
      '(',
      ')',
      'attributes',
      '.',
      ':',
      'k',
      'key-2',
      '"v"',
      '"\\q"',
      'and',
      'hasPrefix',
      ',',
      '=',
      '!=',
      '!',
      '"',
      '\\',
    ];
    let accepted = 0;
    for (let run = 0; run < 5000; run++) {
      const count = 1 + Math.floor(random() * 14);
      const parts: string[] = [];
      for (let i = 0; i < count; i++) parts.push(pick(random, pieces), random() < 0.3 ? '' : ' ');
      const text = parts.join('');
      const expr = tryParse(text);
      if (expr) {
        accepted++;
        expectStableRoundTrip(text, expr);
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it('printing a random tree and parsing it back gives the same tree and the same verdicts', () => {
    const random = rng(2024);
    let withinLimit = 0;
    let checks = 0;
    for (let run = 0; run < 3000; run++) {
      const expr = randomExpr(random, 1 + Math.floor(random() * 4));
      const text = printFilter(expr);
      const parsed = parseExpression(text);
      expect(parsed).toEqual(expr);
      if (Buffer.byteLength(text) <= MAX_FILTER_BYTES) {
        withinLimit++;
        expect(parseFilter(text)).toEqual(expr);
      } else {
        expect(tryParse(text)).toBeUndefined();
      }
      for (let i = 0; i < 8; i++) {
        const attrs = randomAttrs(random);
        expect(matchesFilter(parsed, attrs)).toBe(reference(expr, attrs));
        checks++;
      }
    }
    expect(withinLimit).toBeGreaterThan(300);
    expect(checks).toBe(24_000);
  });

  it('without parentheses a tree parses exactly when it uses only one of AND and OR', () => {
    const random = rng(99);
    let mixed = 0;
    let single = 0;
    for (let run = 0; run < 3000; run++) {
      const expr = randomExpr(random, 1 + Math.floor(random() * 3));
      const text = printBare(expr);
      const kinds = binaryKinds(expr).size;
      if (kinds > 1) {
        mixed++;
        expect(() => parseExpression(text), text).toThrow(/AND and OR can't be mixed/);
      } else {
        single++;
        expect(parseExpression(text).kind).not.toBe('all');
      }
    }
    expect(mixed).toBeGreaterThan(100);
    expect(single).toBeGreaterThan(100);
  });

  it('mutating valid filters only ever throws INVALID_ARGUMENT, and what parses round-trips', () => {
    const random = rng(31337);
    const noise = [...'()"\\-:.=!, ANDORNOT', 'AND ', ' OR ', 'NOT ', '\\x', '\\u', 'é'];
    let accepted = 0;
    let rejected = 0;
    for (let run = 0; run < 4000; run++) {
      const chars = [...printFilter(randomExpr(random, 2))];
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (chars.length + 1));
        const op = random();
        if (op < 0.35) chars.splice(at, 1);
        else if (op < 0.7) chars.splice(at, 0, pick(random, noise));
        else chars.splice(at, 1, pick(random, noise));
      }
      const text = chars.join('');
      const expr = tryParse(text);
      if (expr) {
        accepted++;
        expectStableRoundTrip(text, expr);
      } else {
        rejected++;
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
