// Opaque OAuth access tokens ("ya29." like Google's): the grant is carried inside and sealed with
// an HMAC under the issuer's key, so tokeninfo on any port, or after a restart with the same key,
// answers without a token table.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AccessGrant {
  email: string;
  scope: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

export function sealAccessToken(grant: AccessGrant, secret: Buffer): string {
  const body = Buffer.from(JSON.stringify([grant.email, grant.scope, grant.iat, grant.exp])).toString(
    'base64url',
  );
  return `ya29.${body}.${mac(body, secret)}`;
}

/** The grant a token of ours carries, or undefined when it is not ours or was altered. */
export function openAccessToken(token: string, secret: Buffer): AccessGrant | undefined {
  const match = /^ya29\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return undefined;
  const [, body, tag] = match as unknown as [string, string, string];
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(tag);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const [email, scope, iat, exp] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof email !== 'string' || typeof scope !== 'string') return undefined;
    return { email, scope, iat: Number(iat), exp: Number(exp) };
  } catch {
    return undefined;
  }
}

function mac(body: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
