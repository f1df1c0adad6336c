// The V4 canonical request and string-to-sign, rebuilt from the request as it arrived (Google's
// "Signature V4 canonical request": method, path, sorted query, signed headers, payload hash).
import { createHash } from 'node:crypto';

/** RFC 3986 percent-encoding: everything but `A-Za-z0-9-._~` (so `/` becomes %2F). */
export function v4Encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeQueryPart(part: string): string {
  return decodeURIComponent(part.replace(/\+/g, ' '));
}

/** Every query parameter but X-Goog-Signature, re-encoded and sorted by name, then value. */
export function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const piece of rawQuery.split('&')) {
    if (!piece) continue;
    const eq = piece.indexOf('=');
    const name = decodeQueryPart(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? '' : decodeQueryPart(piece.slice(eq + 1));
    if (name === 'X-Goog-Signature') continue;
    pairs.push([v4Encode(name), v4Encode(value)]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** `name:value\n` per signed header: values trimmed, runs of spaces folded to one. */
export function canonicalHeaders(signed: string[], value: (name: string) => string | undefined): string {
  return signed.map((name) => `${name}:${(value(name) ?? '').trim().replace(/\s{2,}/g, ' ')}\n`).join('');
}

export interface CanonicalInput {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  rawQuery: string;
  signedHeaders: string[];
  header(name: string): string | undefined;
  /** X-Goog-Content-SHA256 when sent, else UNSIGNED-PAYLOAD. */
  payload: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  return [
    input.method,
    input.path,
    canonicalQuery(input.rawQuery),
    canonicalHeaders(input.signedHeaders, input.header),
    input.signedHeaders.join(';'),
    input.payload,
  ].join('\n');
}

export function stringToSign(algorithm: string, date: string, scope: string, canonical: string): string {
  return [algorithm, date, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
}
