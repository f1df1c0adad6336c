// Compact RS256 JWTs: signing, and the decode-and-verify the tokeninfo endpoint needs.
import { createSign, createVerify, type KeyObject } from 'node:crypto';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export interface JwtHeader {
  alg: 'RS256';
  kid: string;
  typ: 'JWT';
}

export function signJwt(header: JwtHeader, payload: object, key: KeyObject): string {
  const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(key);
  return `${signed}.${b64url(signature)}`;
}

export interface VerifiedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** The header and payload when the signature is ours (by kid); undefined for anything else. */
export function verifyJwt(token: string, keys: ReadonlyMap<string, KeyObject>): VerifiedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>;
    const key = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
    if (!key || header.alg !== 'RS256') return undefined;
    const ok = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(key, Buffer.from(signature, 'base64url'));
    if (!ok) return undefined;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    return { header, payload };
  } catch {
    return undefined;
  }
}
