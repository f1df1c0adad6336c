// Issuers created on first use: an RSA-2048 key pair takes from a fraction of a second to seconds
// on a loaded machine, and most runs never mint a token, so emulators and the stack defer it.
import { join } from 'node:path';
import {
  createIdentityIssuer,
  type IdentityIssuer,
  type IssuerOptions,
  type StartedIssuer,
} from './issuer.ts';

export interface LazyIssuer extends IdentityIssuer {
  /** The issuer itself, created (key loaded or generated) on the first call. */
  started(): Promise<StartedIssuer>;
}

export function lazyIssuer(options: IssuerOptions = {}): LazyIssuer {
  let issuer: Promise<StartedIssuer> | undefined;
  const started = () => {
    issuer ??= createIdentityIssuer(options);
    // A failure (e.g. an unreadable key file) is reported on each use and retried on the next.
    issuer.catch(() => {
      issuer = undefined;
    });
    return issuer;
  };
  return {
    started,
    mintIdToken: async (input) => (await started()).mintIdToken(input),
    mintAccessToken: async (input) => (await started()).mintAccessToken(input),
  };
}

/**
 * What an emulator that sends requests does with its `identity` option: use the given issuer (the
 * stack's, shared by all), or its own, keyed in `<dataDir>/identity` when persisting.
 */
export function issuerOrOwn(
  identity: IdentityIssuer | undefined,
  dataDir: string | undefined,
): IdentityIssuer {
  return identity ?? lazyIssuer({ dataDir: dataDir ? join(dataDir, 'identity') : undefined });
}
