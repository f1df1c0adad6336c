// What Google puts in the tokens it mints for a service account: the ID token claims, the
// service account's numeric unique id, and the default OAuth scope.
import { createHash } from 'node:crypto';

export const GOOGLE_ISSUER = 'https://accounts.google.com';
export const DEFAULT_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** Google's ID and access tokens live one hour. */
export const TOKEN_LIFETIME_S = 3600;

/**
 * A stable 21-digit numeric id for a service account email, the shape of the unique id Google
 * puts in `sub` and `azp` (the real one is assigned at creation; locally the email decides).
 */
export function serviceAccountUniqueId(email: string): string {
  const digest = createHash('sha256').update(email.toLowerCase()).digest();
  const n = digest.readBigUInt64BE(0) * 2n ** 16n + BigInt(digest.readUInt16BE(8));
  return (10n ** 20n + (n % 10n ** 20n)).toString();
}

export interface IdTokenClaims {
  aud: string;
  azp: string;
  email: string;
  email_verified: true;
  exp: number;
  iat: number;
  iss: string;
  sub: string;
}

/** The payload of a service account's ID token, in Google's claim order. */
export function idTokenClaims(email: string, audience: string, nowMs: number): IdTokenClaims {
  const iat = Math.floor(nowMs / 1000);
  const id = serviceAccountUniqueId(email);
  return {
    aud: audience,
    azp: id,
    email,
    email_verified: true,
    exp: iat + TOKEN_LIFETIME_S,
    iat,
    iss: GOOGLE_ISSUER,
    sub: id,
  };
}

/** `scope` as the space-separated string tokeninfo reports (the default when none is given). */
export function scopeString(scope: string | string[] | undefined): string {
  const list = (Array.isArray(scope) ? scope : (scope ?? '').split(/\s+/)).filter(Boolean);
  return list.length ? list.join(' ') : DEFAULT_SCOPE;
}
