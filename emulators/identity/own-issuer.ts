// What an emulator that sends requests does with its `identity` option: use the given issuer
// (the stack's, shared by all), or create its own, keyed in `<dataDir>/identity` when persisting.
import { join } from 'node:path';
import { createIdentityIssuer, type IdentityIssuer } from './issuer.ts';

export function issuerOrOwn(identity: IdentityIssuer | undefined, dataDir: string | undefined) {
  return identity
    ? Promise.resolve(identity)
    : createIdentityIssuer({ dataDir: dataDir ? join(dataDir, 'identity') : undefined });
}
