// createGoogleTokenVerifier under DEVKIT_TARGET=gcp: kit URLs from the environment are refused, so
// a handler deployed with a leftover export never trusts the local issuer.
import { describe, expect, test } from 'vitest';
import { createGoogleTokenVerifier } from '../../src/testing/verify-google-token.ts';

describe('createGoogleTokenVerifier on the gcp target', () => {
  test('refuses DEVKIT_OIDC_CERTS_URL / DEVKIT_OAUTH_TOKENINFO_URL from the environment', () => {
    const env = { DEVKIT_TARGET: 'gcp', DEVKIT_OIDC_CERTS_URL: 'http://127.0.0.1:8085/oauth2/v1/certs' };
    expect(() => createGoogleTokenVerifier({ env })).toThrow(
      /DEVKIT_TARGET=gcp but DEVKIT_OIDC_CERTS_URL is set/,
    );
    expect(() =>
      createGoogleTokenVerifier({ env: { ...env, DEVKIT_OAUTH_TOKENINFO_URL: 'http://127.0.0.1:8085/x' } }),
    ).toThrow(/DEVKIT_OIDC_CERTS_URL and DEVKIT_OAUTH_TOKENINFO_URL are set/);
  });

  test('builds a Google-only verifier when neither is set, and on the local target with them', () => {
    expect(() => createGoogleTokenVerifier({ env: { DEVKIT_TARGET: 'gcp' } })).not.toThrow();
    expect(() =>
      createGoogleTokenVerifier({
        env: { DEVKIT_TARGET: 'local', DEVKIT_OIDC_CERTS_URL: 'http://127.0.0.1:8085/oauth2/v1/certs' },
      }),
    ).not.toThrow();
  });
});
