// The Authorization header Cloud Scheduler adds to an HTTP target: an OIDC ID token (audience:
// the configured one, else the target URI) or an OAuth access token (scope default cloud-platform).
import type { IdentityIssuer } from '../../identity/index.ts';
import type { HttpTarget } from '../state/job-model.ts';

/** `Bearer …` for a target with oidcToken/oauthToken, undefined for one without. */
export async function authorizationFor(
  target: HttpTarget,
  identity: IdentityIssuer,
): Promise<string | undefined> {
  if (target.oidcToken) {
    const { serviceAccountEmail, audience } = target.oidcToken;
    const token = await identity.mintIdToken({ serviceAccountEmail, audience: audience || target.uri });
    return `Bearer ${token}`;
  }
  if (target.oauthToken) {
    const { serviceAccountEmail, scope } = target.oauthToken;
    const token = await identity.mintAccessToken({ serviceAccountEmail, scope: scope || undefined });
    return `Bearer ${token}`;
  }
  return undefined;
}
