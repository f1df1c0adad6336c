// Public surface of the local token issuer (OIDC ID tokens, OAuth access tokens, certs/JWKS).
export { DEFAULT_SCOPE, GOOGLE_ISSUER, serviceAccountUniqueId } from './claims.ts';
export {
  createIdentityIssuer,
  type IdentityIssuer,
  type IssuerOptions,
  type StartedIssuer,
} from './issuer.ts';
export { serveIdentity, startedIssuerOf } from './node-adapter.ts';
export { issuerOrOwn, type LazyIssuer, lazyIssuer } from './own-issuer.ts';
export {
  IDENTITY_PATHS,
  type IdentityRequest,
  type IdentityResponse,
  identityUrls,
} from './routes.ts';
export {
  type MintKeyInput,
  type PublicKeyEntry,
  type ServiceAccountKeyFile,
  ServiceAccountKeys,
} from './service-account-keys.ts';
export { exchangeAssertion, TOKEN_PATH, type TokenResponse } from './token-endpoint.ts';
