// The canonical request pieces: RFC 3986 encoding, query order without X-Goog-Signature, and
// header value folding, as Google's "Signature V4 canonical request" page describes them.
import { describe, expect, it } from 'vitest';
import { canonicalHeaders, canonicalQuery, canonicalRequest, v4Encode } from './canonical.ts';
import { parseCredential, parseGoogDate } from './verify-url.ts';

describe('V4 canonical request', () => {
  it('encodes all but unreserved characters, / included', () => {
    expect(v4Encode("a/b c!'()*~._-")).toBe('a%2Fb%20c%21%27%28%29%2A~._-');
  });

  it('sorts the query by encoded name, drops X-Goog-Signature, re-encodes values', () => {
    const q = 'X-Goog-Signature=ab&b=2&A=1&X-Goog-Credential=sa%40p.iam%2F20260101%2Fauto&a=x+y';
    expect(canonicalQuery(q)).toBe('A=1&X-Goog-Credential=sa%40p.iam%2F20260101%2Fauto&a=x%20y&b=2');
  });

  it('folds header whitespace and joins the six parts with newlines', () => {
    const value = (n: string) => ({ host: ' h ', 'x-goog-meta-a': 'one   two' })[n];
    expect(canonicalHeaders(['host', 'x-goog-meta-a'], value)).toBe('host:h\nx-goog-meta-a:one two\n');
    const req = canonicalRequest({
      method: 'GET',
      path: '/b/o',
      rawQuery: 'k=v',
      signedHeaders: ['host'],
      header: () => 'h',
      payload: 'UNSIGNED-PAYLOAD',
    });
    expect(req).toBe('GET\n/b/o\nk=v\nhost:h\n\nhost\nUNSIGNED-PAYLOAD');
  });

  it('parses the credential scope and X-Goog-Date', () => {
    expect(parseCredential('a@b/20260101/auto/storage/goog4_request')).toMatchObject({
      signer: 'a@b',
      date: '20260101',
      location: 'auto',
    });
    expect(parseCredential('a@b/20260101/auto/s3/aws4_request')).toBeUndefined();
    expect(parseGoogDate('20260102T030405Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseGoogDate('2026-01-02')).toBeNaN();
  });
});
