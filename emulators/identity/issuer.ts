// The local token issuer: one RSA key (per data dir or per process) that signs Google-shaped ID
// tokens and seals access tokens, published the way Google publishes its own keys.
import { createHash } from 'node:crypto';
import { type Clock, invalidArgument, systemClock } from '../common/index.ts';
import { openAccessToken, sealAccessToken } from './access-token.ts';
import { idTokenClaims, scopeString, TOKEN_LIFETIME_S } from './claims.ts';
import { signJwt, verifyJwt } from './jwt.ts';
import { type IdentityRequest, type IdentityResponse, routeIdentity } from './routes.ts';
import { loadOrCreateSigningKey } from './signing-key.ts';
import { selfSignedCertificate } from './x509.ts';

export interface IdentityIssuer {
  /** RS256 OIDC ID token shaped like Google's for a service account (iss https://accounts.google.com,
   *  aud, azp, sub, email, email_verified, iat, exp = iat + 1 h, header kid). */
  mintIdToken(input: { serviceAccountEmail: string; audience: string }): Promise<string>;
  /** Opaque OAuth access token; the issuer's tokeninfo endpoint answers for it. */
  mintAccessToken(input: { serviceAccountEmail: string; scope?: string | string[] }): Promise<string>;
}

export interface StartedIssuer extends IdentityIssuer {
  /** Key id of the signing key (the JWT header's `kid`, the certs maps' key). */
  readonly kid: string;
  /** Google's oauth2/v1/certs form: kid → X.509 certificate PEM. */
  pemCerts(): Record<string, string>;
  /** Google's oauth2/v3/certs form. */
  jwks(): { keys: Array<Record<string, string>> };
  /** Answers an identity path (certs, discovery, tokeninfo); undefined for any other path. */
  handle(request: IdentityRequest): IdentityResponse | undefined;
}

export interface IssuerOptions {
  /** Keep the key pair in `<dataDir>/oidc-signing-key.json`; a fresh pair per process when unset. */
  dataDir?: string;
  /**
   * Time for `iat`/`exp` and expiry checks. Receivers verify against the wall clock, so leave it
   * unset (an emulator's advanced clock would make tokens look issued in the future).
   */
  clock?: Clock;
}

/** One key pair per dataDir (kept across restarts, file under dataDir) or per process without one. */
export async function createIdentityIssuer(options: IssuerOptions = {}): Promise<StartedIssuer> {
  const clock = options.clock ?? systemClock();
  const key = await loadOrCreateSigningKey(options.dataDir, clock.now());
  const keys = new Map([[key.kid, key.publicKey]]);
  const secret = createHash('sha256')
    .update('devkit access token\0')
    .update(key.privateKey.export({ type: 'pkcs8', format: 'der' }))
    .digest();
  const certificate = selfSignedCertificate({
    privateKey: key.privateKey,
    publicKey: key.publicKey,
    commonName: 'federated-signon.devkit.local',
    serial: Buffer.from(key.kid.slice(0, 16), 'hex'),
    notBefore: key.createdAt - 3600_000,
    notAfter: key.createdAt + 10 * 365 * 86400_000,
  });
  const jwk = { ...(key.publicKey.export({ format: 'jwk' }) as Record<string, string>) };
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  const live = (exp: unknown) => typeof exp === 'number' && exp > nowSeconds();

  const required = (value: string | undefined, field: string) => {
    if (!value) throw invalidArgument(`${field} is required to mint a token`);
    return value;
  };
  const issuer: StartedIssuer = {
    kid: key.kid,
    async mintIdToken({ serviceAccountEmail, audience }) {
      const claims = idTokenClaims(
        required(serviceAccountEmail, 'serviceAccountEmail'),
        required(audience, 'audience'),
        clock.now(),
      );
      return signJwt({ alg: 'RS256', kid: key.kid, typ: 'JWT' }, claims, key.privateKey);
    },
    async mintAccessToken({ serviceAccountEmail, scope }) {
      const iat = nowSeconds();
      const email = required(serviceAccountEmail, 'serviceAccountEmail');
      return sealAccessToken({ email, scope: scopeString(scope), iat, exp: iat + TOKEN_LIFETIME_S }, secret);
    },
    pemCerts: () => ({ [key.kid]: certificate }),
    jwks: () => ({ keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid: key.kid, n: jwk.n!, e: jwk.e! }] }),
    handle: (request) =>
      routeIdentity(request, {
        pemCerts: issuer.pemCerts,
        jwks: issuer.jwks,
        nowSeconds,
        idTokenInfo(token) {
          const verified = verifyJwt(token, keys);
          if (!verified || !live(verified.payload.exp)) return undefined;
          const info: Record<string, string> = {};
          for (const [k, v] of Object.entries({ ...verified.payload, ...verified.header }))
            info[k] = String(v);
          return info;
        },
        accessGrant(token) {
          const grant = openAccessToken(token, secret);
          return grant && live(grant.exp) ? grant : undefined;
        },
      }),
  };
  return issuer;
}
