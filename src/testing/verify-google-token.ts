// How a handler behind Scheduler, Pub/Sub push or Cloud Tasks checks its caller with
// google-auth-library: against the kit's keys when DEVKIT_OIDC_CERTS_URL is set, Google's otherwise.
import { OAuth2Client, type TokenInfo, type TokenPayload } from 'google-auth-library';

export interface GoogleTokenVerifierOptions {
  /** PEM certs map (Google's oauth2/v1/certs form). Default: DEVKIT_OIDC_CERTS_URL, else Google's. */
  certsUrl?: string;
  /** Default: DEVKIT_OAUTH_TOKENINFO_URL, else https://oauth2.googleapis.com/tokeninfo. */
  tokeninfoUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export interface GoogleTokenVerifier {
  /**
   * Verifies an OIDC ID token (or an `Authorization: Bearer …` value): signature, issuer
   * (accounts.google.com), expiry, `audience`, and `email` when given (also email_verified).
   * Rejects on any mismatch.
   */
  verifyIdToken(
    token: string,
    expect: { audience: string | string[]; email?: string },
  ): Promise<TokenPayload>;
  /** Asks tokeninfo about an OAuth access token; rejects for an invalid one or a missing `scope`. */
  verifyAccessToken(token: string, expect?: { email?: string; scope?: string }): Promise<TokenInfo>;
}

/**
 * A verifier over google-auth-library's OAuth2Client. With DEVKIT_TARGET=gcp it refuses kit URLs
 * taken from the environment: a production handler must never trust the local issuer's keys.
 */
export function createGoogleTokenVerifier(options: GoogleTokenVerifierOptions = {}): GoogleTokenVerifier {
  const env = options.env ?? process.env;
  if (env.DEVKIT_TARGET === 'gcp') {
    const set = ['DEVKIT_OIDC_CERTS_URL', 'DEVKIT_OAUTH_TOKENINFO_URL'].filter((name) => env[name]);
    if (set.length) {
      throw new Error(
        `DEVKIT_TARGET=gcp but ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set: tokens would be checked ` +
          `against the local issuer instead of Google. Unset ${set.join(' ')}.`,
      );
    }
  }
  const certsUrl = options.certsUrl ?? env.DEVKIT_OIDC_CERTS_URL;
  const tokeninfoUrl = options.tokeninfoUrl ?? env.DEVKIT_OAUTH_TOKENINFO_URL;
  // Only override what is set: an undefined endpoint would replace Google's default.
  const client = new OAuth2Client({
    endpoints: {
      ...(certsUrl ? { oauth2FederatedSignonPemCertsUrl: certsUrl } : {}),
      ...(tokeninfoUrl ? { tokenInfoUrl: tokeninfoUrl } : {}),
    },
  });
  return {
    async verifyIdToken(token, expect) {
      const ticket = await client.verifyIdToken({ idToken: bearer(token), audience: expect.audience });
      const payload = ticket.getPayload();
      if (!payload) throw new Error('ID token has no payload');
      if (expect.email !== undefined && (payload.email !== expect.email || !payload.email_verified)) {
        throw new Error(`ID token is for ${payload.email}, not ${expect.email}`);
      }
      return payload;
    },
    async verifyAccessToken(token, expect = {}) {
      const info = await client.getTokenInfo(bearer(token));
      if (expect.email !== undefined && info.email !== expect.email) {
        throw new Error(`access token is for ${info.email}, not ${expect.email}`);
      }
      if (expect.scope !== undefined && !info.scopes.includes(expect.scope)) {
        throw new Error(`access token lacks scope ${expect.scope}`);
      }
      return info;
    },
  };
}

function bearer(value: string): string {
  return value.replace(/^Bearer\s+/i, '');
}
