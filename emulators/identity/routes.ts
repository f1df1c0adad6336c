// The issuer's HTTP surface as a plain function over a request: Google's two certs forms, an
// OpenID discovery document and tokeninfo for both kinds of token. Every emulator port mounts it.
import type { AccessGrant } from './access-token.ts';
import { serviceAccountUniqueId as serviceAccountId } from './claims.ts';

export const IDENTITY_PATHS = {
  pemCerts: '/oauth2/v1/certs',
  jwks: '/oauth2/v3/certs',
  discovery: '/.well-known/openid-configuration',
  tokeninfo: '/oauth2/v3/tokeninfo',
} as const;

/** The issuer's URLs on a port whose base is e.g. `http://127.0.0.1:8085`. */
export function identityUrls(baseUrl: string) {
  const base = baseUrl.replace(/\/$/, '');
  return {
    certsUrl: `${base}${IDENTITY_PATHS.pemCerts}`,
    jwksUrl: `${base}${IDENTITY_PATHS.jwks}`,
    discoveryUrl: `${base}${IDENTITY_PATHS.discovery}`,
    tokeninfoUrl: `${base}${IDENTITY_PATHS.tokeninfo}`,
  };
}

export interface IdentityRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The form body of a POST tokeninfo, as sent. */
  body: string;
  /** `http://host:port` the request came in on, for the discovery document's URLs. */
  baseUrl: string;
}

export interface IdentityResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the routes read from the issuer. */
export interface IdentityRouteSource {
  pemCerts(): Record<string, string>;
  jwks(): { keys: object[] };
  /** The verified claims of one of our ID tokens (not expired), as tokeninfo lists them. */
  idTokenInfo(token: string): Record<string, string> | undefined;
  /** The grant of one of our access tokens (not expired). */
  accessGrant(token: string): AccessGrant | undefined;
  nowSeconds(): number;
}

// Short, so a handler that caches certs picks up the key of a restarted stack within a minute.
const CERTS_CACHE = 'public, max-age=60, must-revalidate, no-transform';
const JSON_TYPE = 'application/json; charset=UTF-8';

/** The response for an identity path, or undefined when the path is not one of them. */
export function routeIdentity(
  req: IdentityRequest,
  source: IdentityRouteSource,
): IdentityResponse | undefined {
  const paths: readonly string[] = Object.values(IDENTITY_PATHS);
  if (!paths.includes(req.path)) return undefined;
  const tokeninfo = req.path === IDENTITY_PATHS.tokeninfo;
  if (req.method !== 'GET' && !(tokeninfo && req.method === 'POST')) {
    return json(405, { error: 'method_not_allowed', error_description: `${req.method} is not allowed` });
  }
  switch (req.path) {
    case IDENTITY_PATHS.pemCerts:
      return json(200, source.pemCerts(), CERTS_CACHE);
    case IDENTITY_PATHS.jwks:
      return json(200, source.jwks(), CERTS_CACHE);
    case IDENTITY_PATHS.discovery:
      return json(200, discovery(req.baseUrl));
    default:
      return tokenInfo(req, source);
  }
}

function tokenInfo(req: IdentityRequest, source: IdentityRouteSource): IdentityResponse {
  const form = new URLSearchParams(req.body);
  const param = (name: string) => req.query.get(name) ?? form.get(name) ?? undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const idToken = param('id_token');
  if (idToken !== undefined) {
    const info = source.idTokenInfo(idToken);
    return info ? json(200, info) : invalidToken();
  }
  const accessToken = param('access_token') ?? bearer;
  if (accessToken === undefined) {
    return json(400, { error: 'invalid_request', error_description: 'Invalid Credentials' });
  }
  const grant = source.accessGrant(accessToken);
  if (!grant) return invalidToken();
  const uid = serviceAccountId(grant.email);
  return json(200, {
    azp: uid,
    aud: uid,
    scope: grant.scope,
    exp: String(grant.exp),
    expires_in: String(Math.max(0, grant.exp - source.nowSeconds())),
    email: grant.email,
    email_verified: 'true',
    access_type: 'online',
  });
}

function discovery(baseUrl: string) {
  const urls = identityUrls(baseUrl);
  return {
    issuer: 'https://accounts.google.com',
    jwks_uri: urls.jwksUrl,
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public'],
    response_types_supported: ['id_token'],
    claims_supported: ['aud', 'azp', 'email', 'email_verified', 'exp', 'iat', 'iss', 'sub'],
    scopes_supported: ['openid', 'email'],
  };
}

const invalidToken = () => json(400, { error: 'invalid_token', error_description: 'Invalid Value' });

function json(
  status: number,
  body: unknown,
  cacheControl = 'no-cache, no-store, max-age=0',
): IdentityResponse {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, 'cache-control': cacheControl },
    body: JSON.stringify(body),
  };
}
