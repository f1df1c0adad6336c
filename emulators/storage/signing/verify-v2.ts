// V2 signed URLs (`GoogleAccessId`, `Expires`, `Signature`): Google's "V2 signing process" string
// rebuilt from the request, verified RSA-SHA256 with the public keys known for GoogleAccessId.
import { createVerify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRequest } from '../http/api-request.ts';
import type { Reply } from '../http/reply.ts';
import type { SigningEnv } from './signing-env.ts';
import { badSigningArgument, SIGNATURE_MISMATCH, xmlError } from './xml-error.ts';

/** True when the request carries V2 query-string authentication. */
export const isSignedUrlV2 = (req: ApiRequest) =>
  req.query.has('GoogleAccessId') || (req.query.has('Signature') && req.query.has('Expires'));

/** The customer-supplied key's own headers are sent but never signed (Google's V2 page). */
const UNSIGNED = new Set(['x-goog-encryption-key', 'x-goog-encryption-key-sha256']);

/** Every `x-goog-*` header as `name:value\n`, names lower-cased and sorted, values space-folded. */
export function canonicalExtensionHeaders(headers: IncomingHttpHeaders): string {
  return Object.entries(headers)
    .filter(([name, value]) => name.startsWith('x-goog-') && !UNSIGNED.has(name) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => {
      const joined = Array.isArray(value) ? value.join(',') : String(value);
      return `${name}:${joined.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
}

/** VERB\nContent-MD5\nContent-Type\nExpires\n extension headers + the resource path as sent. */
export function stringToSignV2(req: ApiRequest, expires: string): string {
  const raw = req.raw.url ?? '/';
  const qAt = raw.indexOf('?');
  const resource = qAt < 0 ? raw : raw.slice(0, qAt);
  return [
    req.method,
    req.header('content-md5') ?? '',
    req.header('content-type') ?? '',
    expires,
    canonicalExtensionHeaders(req.raw.headers) + resource,
  ].join('\n');
}

/** undefined when the V2 signed URL is valid now; otherwise GCS's XML error reply. */
export function verifySignedUrlV2(signing: SigningEnv, req: ApiRequest, nowMs: number): Reply | undefined {
  const q = req.query;
  const signer = q.get('GoogleAccessId') ?? '';
  if (!signer) return badSigningArgument('Missing GoogleAccessId.');
  const expires = q.get('Expires') ?? '';
  // Expires is absolute (seconds since the epoch); V2 has no 7-day ceiling.
  if (!/^\d{1,12}$/.test(expires)) return badSigningArgument('Expires must be seconds since the epoch.');
  // An unescaped `+` in the query arrives as a space.
  const signature = (q.get('Signature') ?? '').replace(/ /g, '+');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return badSigningArgument('Missing or malformed Signature.');
  if (nowMs > Number(expires) * 1000) {
    return xmlError(400, 'ExpiredToken', 'The provided token has expired.', {
      Details: `Request signature expired at: ${new Date(Number(expires) * 1000).toISOString()}`,
    });
  }
  const toSign = stringToSignV2(req, expires);
  const given = Buffer.from(signature, 'base64');
  const valid = signing.keys
    .publicKeys(signer)
    .some((key) => createVerify('RSA-SHA256').update(toSign).verify(key, given));
  return valid
    ? undefined
    : xmlError(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, { StringToSign: toSign });
}
