// The local token endpoint refuses what oauth2.googleapis.com/token refuses: google-auth-library's
// JWT client (its request to Google's token URL sent to the Storage port) gets Google's errors.
import { JWT } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import type { ServiceAccountKeyFile } from '../../emulators/identity/index.ts';
import { signingSetup } from '../storage/signed-helpers.ts';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** A JWT client for the key file whose token requests go to the emulator's `/token`. */
function jwtClient(
  tokenUri: string,
  key: ServiceAccountKeyFile,
  options: Partial<ConstructorParameters<typeof JWT>[0]> = {},
) {
  const client = new JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    ...options,
  });
  client.transporter.interceptors.request.add({
    resolved: async (opts) => {
      // A URL, not a string: gaxios reads `url.searchParams` when it reports an error.
      if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(tokenUri);
      return opts;
    },
  });
  return client;
}

/** The OAuth error body the client's failed request carried. */
async function refusal(client: JWT) {
  const err = (await client.authorize().then(
    () => undefined,
    (e: unknown) => e,
  )) as { message: string; response?: { status: number; data: Record<string, string> } } | undefined;
  expect(err, 'the token request should have been refused').toBeDefined();
  return { status: err?.response?.status, body: err?.response?.data, message: err?.message };
}

describe('token endpoint refusals', () => {
  it('a scoped assertion gets a token; no scope, a foreign aud or an unknown account get Google errors', async () => {
    await using s = await signingSetup('refusals');
    const scope = 'https://www.googleapis.com/auth/devstorage.read_only';
    const ok = await jwtClient(s.key.token_uri, s.key, { scopes: [scope] }).authorize();
    expect(ok.access_token).toMatch(/^ya29\./);
    const info = await fetch(`${s.emu.url}/oauth2/v3/tokeninfo?access_token=${ok.access_token}`);
    expect(((await info.json()) as Record<string, string>).scope).toBe(scope);

    // Google has no default scope: an assertion naming neither scope nor target_audience is refused.
    expect(await refusal(jwtClient(s.key.token_uri, s.key))).toEqual({
      status: 400,
      body: {
        error: 'invalid_scope',
        error_description: 'Invalid OAuth scope or ID token audience provided.',
      },
      message: 'invalid_scope: Invalid OAuth scope or ID token audience provided.',
    });
    const foreignAud = jwtClient(s.key.token_uri, s.key, {
      scopes: [scope],
      additionalClaims: { aud: 'https://example.com/' },
    });
    expect(await refusal(foreignAud)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT: Failed audience check.' },
      message: 'invalid_grant: Invalid JWT: Failed audience check.',
    });
    const unknown = { ...s.key, client_email: 'nobody@devkit-local.iam.gserviceaccount.com' };
    expect(await refusal(jwtClient(s.key.token_uri, unknown, { scopes: [scope] }))).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid grant: account not found' },
      message: 'invalid_grant: Invalid grant: account not found',
    });
  });
});
