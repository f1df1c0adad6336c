// The local OAuth token endpoint (`POST /token`, Google's oauth2.googleapis.com/token for the
// JWT-bearer grant): an assertion signed with a key file we know becomes one of our tokens.
import type { IdentityIssuer } from './issuer.ts';
import { decodeJwt, signedWith } from './jwt.ts';
import type { ServiceAccountKeys } from './service-account-keys.ts';

export const TOKEN_PATH = '/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Google refuses assertions living longer than an hour or issued too far from its clock.
const MAX_LIFETIME_S = 3600;
const SKEW_S = 300;
// The audiences Google's token endpoint takes (its current and two older URLs); a local key file's
// `token_uri` (`http://host:port/token`) is what google-auth for Python puts there instead.
const GOOGLE_TOKEN_AUDIENCES = [
  'https://oauth2.googleapis.com/token',
  'https://www.googleapis.com/oauth2/v4/token',
  'https://accounts.google.com/o/oauth2/token',
];

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Answers a token request's form body: `{access_token, expires_in, token_type}`, or `{id_token}`
 * when the assertion asks for a `target_audience`; otherwise Google's errors: `invalid_grant` (unknown
 * account, bad signature, times or `aud`), `invalid_scope` (neither `scope` nor `target_audience`).
 */
export async function exchangeAssertion(
  form: URLSearchParams,
  keys: ServiceAccountKeys,
  issuer: IdentityIssuer,
  nowSeconds: number,
): Promise<TokenResponse> {
  const grantType = form.get('grant_type');
  if (grantType !== JWT_BEARER) {
    return fail('unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }
  const jwt = decodeJwt(form.get('assertion') ?? '');
  if (!jwt) return fail('invalid_request', 'Invalid JWT assertion.');
  const { header, payload: claims } = jwt;
  const email = typeof claims.iss === 'string' ? claims.iss : '';
  if (keys.publicKeys(email).length === 0) return fail('invalid_grant', 'Invalid grant: account not found');
  const byKid = typeof header.kid === 'string' ? keys.publicKey(email, header.kid) : undefined;
  const valid = (byKid ? [byKid] : keys.publicKeys(email)).some((key) => signedWith(jwt, key));
  if (!valid) return fail('invalid_grant', 'Invalid JWT Signature.');
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  if (!(iat <= nowSeconds + SKEW_S && exp > nowSeconds && exp - iat <= MAX_LIFETIME_S)) {
    return fail(
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  if (!audienceAccepted(claims.aud)) return fail('invalid_grant', 'Invalid JWT: Failed audience check.');
  const audience = typeof claims.target_audience === 'string' ? claims.target_audience : '';
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  // Google mints nothing when the assertion asks for neither (no default scope).
  if (!audience && scopes.length === 0) {
    return fail('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  }
  if (audience) {
    const idToken = await issuer.mintIdToken({
      serviceAccountEmail: email,
      audience,
    });
    return { status: 200, body: { id_token: idToken } };
  }
  const accessToken = await issuer.mintAccessToken({ serviceAccountEmail: email, scope: scopes });
  return { status: 200, body: { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' } };
}

/** Google's token URLs, or a URL whose path is `/token` (a local key file's `token_uri`). */
function audienceAccepted(aud: unknown): boolean {
  if (typeof aud !== 'string') return false;
  if (GOOGLE_TOKEN_AUDIENCES.includes(aud)) return true;
  try {
    const url = new URL(aud);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === TOKEN_PATH;
  } catch {
    return false;
  }
}

function fail(error: string, description: string): TokenResponse {
  return { status: 400, body: { error, error_description: description } };
}
