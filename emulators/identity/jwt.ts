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

export interface DecodedJwt extends VerifiedJwt {
  /** `header.payload` as sent: what the signature covers. */
  signed: string;
  signature: Buffer;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Header and payload of a compact JWT, its signature not checked; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    // RFC 7519: the header and the claims are JSON objects; `null`, arrays and scalars are no JWT.
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signed: `${head}.${body}`, signature: Buffer.from(signature, 'base64url') };
  } catch {
    return undefined;
  }
}

/** True when the decoded token is RS256 and signed by `key`. */
export function signedWith(jwt: DecodedJwt, key: KeyObject): boolean {
  return (
    jwt.header.alg === 'RS256' && createVerify('RSA-SHA256').update(jwt.signed).verify(key, jwt.signature)
  );
}

/** The header and payload when the signature is ours (by kid); undefined for anything else. */
export function verifyJwt(token: string, keys: ReadonlyMap<string, KeyObject>): VerifiedJwt | undefined {
  const jwt = decodeJwt(token);
  const key = typeof jwt?.header.kid === 'string' ? keys.get(jwt.header.kid) : undefined;
  if (!jwt || !key || !signedWith(jwt, key)) return undefined;
  return { header: jwt.header, payload: jwt.payload };
}
