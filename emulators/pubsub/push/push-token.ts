// The Authorization header of a push subscription with pushConfig.oidcToken: an ID token for its
// service account, audience the configured one or else the push endpoint URL (as documented).
// Tokens are reused for a few minutes per (account, audience), so a busy push does not sign each.
import type { IdentityIssuer } from '../../identity/index.ts';
import type { PushConfig } from '../state/model.ts';

const REUSE_MS = 5 * 60_000;

export interface PushTokens {
  /** `Bearer …` for a push config with oidcToken; undefined for one without. */
  authorization(push: PushConfig): Promise<string | undefined>;
}

export function pushTokens(identity: IdentityIssuer, now: () => number = Date.now): PushTokens {
  const cache = new Map<string, { token: Promise<string>; at: number }>();
  return {
    async authorization(push) {
      if (!push.oidcToken) return undefined;
      const { serviceAccountEmail } = push.oidcToken;
      const audience = push.oidcToken.audience || push.pushEndpoint;
      const key = `${serviceAccountEmail}\n${audience}`;
      let hit = cache.get(key);
      if (!hit || now() - hit.at > REUSE_MS) {
        if (cache.size > 1000) cache.clear();
        hit = { token: identity.mintIdToken({ serviceAccountEmail, audience }), at: now() };
        cache.set(key, hit);
        hit.token.catch(() => cache.delete(key));
      }
      return `Bearer ${await hit.token}`;
    },
  };
}
