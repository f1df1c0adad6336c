// V4 signed URL checks (query-string authentication): parameters, expiry against the emulator
// clock, then the signature over the canonical request, GOOG4-RSA-SHA256 or GOOG4-HMAC-SHA256.
// V2 URLs (GoogleAccessId/Expires/Signature) are handed to verify-v2.ts.
import { createHmac, createVerify, timingSafeEqual } from 'node:crypto';
import type { ApiRequest } from '../http/api-request.ts';
import type { Reply } from '../http/reply.ts';
import { canonicalRequest, stringToSign } from './canonical.ts';
import type { SigningEnv } from './signing-env.ts';
import { isSignedUrlV2, verifySignedUrlV2 } from './verify-v2.ts';
import { badSigningArgument, SIGNATURE_MISMATCH, xmlError } from './xml-error.ts';

export const MAX_EXPIRES_S = 604800;
/**
 * How far ahead of the emulator clock X-Goog-Date may be: the date is when the URL "became
 * usable" (Google's signed URL page), so a later one is refused, past the 15 minutes of skew
 * that V4-style signing commonly allows.
 */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;
const ALGORITHMS = new Set(['GOOG4-RSA-SHA256', 'GOOG4-HMAC-SHA256']);

const isSignedUrlV4 = (req: ApiRequest) =>
  req.query.has('X-Goog-Signature') || req.query.has('X-Goog-Algorithm');

/** True when the request carries V4 or V2 query-string authentication. */
export const isSignedUrl = (req: ApiRequest) => isSignedUrlV4(req) || isSignedUrlV2(req);

/** `YYYYMMDDTHHMMSSZ` → ms since the epoch, or NaN. */
export function parseGoogDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

/** `signer/date/location/storage/goog4_request` → its parts, or undefined when malformed. */
export function parseCredential(value: string) {
  const parts = value.split('/');
  if (parts.length < 5) return undefined;
  const [date, location, service, request] = parts.slice(-4) as [string, string, string, string];
  const signer = parts.slice(0, -4).join('/');
  if (!signer || !/^\d{8}$/.test(date) || service !== 'storage' || request !== 'goog4_request')
    return undefined;
  return { signer, date, location, scope: parts.slice(-4).join('/') };
}

/** Whether `signatureHex` signs `toSign` for the credential's signer with `algorithm`. */
export function signatureValid(
  signing: SigningEnv,
  algorithm: string,
  credential: { signer: string; date: string; location: string },
  toSign: string,
  signatureHex: string,
): boolean {
  if (!/^(?:[0-9a-f]{2})+$/i.test(signatureHex)) return false;
  const given = Buffer.from(signatureHex, 'hex');
  if (algorithm === 'GOOG4-RSA-SHA256') {
    return signing.keys
      .publicKeys(credential.signer)
      .some((key) => createVerify('RSA-SHA256').update(toSign).verify(key, given));
  }
  const key = signing.hmac.lookup(credential.signer);
  if (key?.state !== 'ACTIVE') return false;
  let derived: Buffer = Buffer.from(`GOOG4${key.secret}`);
  for (const part of [credential.date, credential.location, 'storage', 'goog4_request']) {
    derived = createHmac('sha256', derived).update(part).digest();
  }
  const expected = createHmac('sha256', derived).update(toSign).digest();
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** undefined when the signed URL (V4, else V2) is valid now; otherwise GCS's XML error reply. */
export function verifySignedUrl(signing: SigningEnv, req: ApiRequest, nowMs: number): Reply | undefined {
  if (!isSignedUrlV4(req)) return verifySignedUrlV2(signing, req, nowMs);
  const q = req.query;
  const algorithm = q.get('X-Goog-Algorithm') ?? '';
  if (!ALGORITHMS.has(algorithm)) return badSigningArgument(`Unsupported X-Goog-Algorithm '${algorithm}'.`);
  const credential = parseCredential(q.get('X-Goog-Credential') ?? '');
  if (!credential) return badSigningArgument('Malformed X-Goog-Credential.');
  const dateParam = q.get('X-Goog-Date') ?? '';
  const date = parseGoogDate(dateParam);
  if (Number.isNaN(date) || dateParam.slice(0, 8) !== credential.date) {
    return badSigningArgument('X-Goog-Date is missing, malformed or not the credential scope date.');
  }
  const expiresParam = q.get('X-Goog-Expires') ?? '';
  const expires = /^\d{1,9}$/.test(expiresParam) ? Number(expiresParam) : Number.NaN;
  if (!(expires >= 1 && expires <= MAX_EXPIRES_S)) {
    return badSigningArgument(`X-Goog-Expires must be between 1 and ${MAX_EXPIRES_S} seconds.`);
  }
  // GCS answers a URL used before its X-Goog-Date with 403 (nodejs-storage's system test
  // "accessibleAt in the future").
  if (date - nowMs > MAX_CLOCK_SKEW_MS) {
    return xmlError(403, 'AccessDenied', 'Access denied.', {
      Details: `Request is not valid yet: X-Goog-Date ${dateParam} is later than the server time ${new Date(nowMs).toISOString()}.`,
    });
  }
  if (nowMs > date + expires * 1000) {
    const at = new Date(date + expires * 1000).toISOString();
    return xmlError(400, 'ExpiredToken', 'Invalid argument.', {
      Details: `Request signature expired at: ${at}`,
    });
  }
  const signedHeaders = (q.get('X-Goog-SignedHeaders') ?? '').split(';').filter(Boolean);
  if (!signedHeaders.includes('host')) return badSigningArgument('X-Goog-SignedHeaders must include host.');
  const raw = req.raw.url ?? '/';
  const qAt = raw.indexOf('?');
  const path = qAt < 0 ? raw : raw.slice(0, qAt);
  const rawQuery = qAt < 0 ? '' : raw.slice(qAt + 1);
  const host = req.header('host') ?? '';
  // The Node client signs the host without its port; URLs made for GCS name its host.
  const hosts = [...new Set([host, host.replace(/:\d+$/, ''), 'storage.googleapis.com'])];
  let first = '';
  for (const candidate of hosts) {
    const canonical = canonicalRequest({
      method: req.method,
      path,
      rawQuery,
      signedHeaders,
      header: (name) => (name === 'host' ? candidate : req.header(name)),
      payload: req.header('x-goog-content-sha256') ?? 'UNSIGNED-PAYLOAD',
    });
    const toSign = stringToSign(algorithm, dateParam, credential.scope, canonical);
    first ||= toSign;
    if (signatureValid(signing, algorithm, credential, toSign, q.get('X-Goog-Signature') ?? ''))
      return undefined;
  }
  return xmlError(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, { StringToSign: first });
}
