// What signature checks consult: service-account public keys (minted or registered), the HMAC
// keys of the JSON API, and the issuer whose tokens the local token endpoint hands out.
import type { IdentityIssuer, ServiceAccountKeys } from '../../identity/index.ts';
import type { HmacKeys } from './hmac-keys.ts';

export interface SigningEnv {
  keys: ServiceAccountKeys;
  hmac: HmacKeys;
  identity: IdentityIssuer;
}
