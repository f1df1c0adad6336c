// The issuer's RSA key pair: generated once per data directory (kept in a 0600 file there, so
// tokens and cached certs stay valid across restarts) or once per process without one.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { invalidArgument } from '../common/index.ts';

export const KEY_FILE = 'oidc-signing-key.json';

export interface SigningKey {
  /** Key id in the JWT header and the certs maps: 40 hex digits, like Google's. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** When the pair was generated (ms since the epoch); the certificate's validity starts here. */
  readonly createdAt: number;
}

interface KeyFile {
  kid: string;
  createdAt: number;
  privateKeyPem: string;
}

/** Reads `<dataDir>/oidc-signing-key.json`, creating it (mode 0600) on first use. */
export async function loadOrCreateSigningKey(dataDir: string | undefined, now: number): Promise<SigningKey> {
  if (!dataDir) return fromPrivateKey(await generate(), now);
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    let saved: KeyFile;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
      return fromPrivateKey(createPrivateKey(saved.privateKeyPem), saved.createdAt);
    } catch (err) {
      throw invalidArgument(`${file} is not a devkit signing key (${(err as Error).message}); delete it`);
    }
  }
  const key = fromPrivateKey(await generate(), now);
  mkdirSync(dataDir, { recursive: true });
  const saved: KeyFile = {
    kid: key.kid,
    createdAt: key.createdAt,
    privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(saved), { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask may have narrowed it further, never widened; be exact
  renameSync(tmp, file);
  return key;
}

// Off the event loop: a 2048-bit pair takes a few hundred ms, longer on a loaded machine.
async function generate(): Promise<KeyObject> {
  const pair = await promisify(generateKeyPair)('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  return pair.privateKey;
}

function fromPrivateKey(privateKey: KeyObject, createdAt: number): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const kid = createHash('sha1').update(spki).digest('hex');
  return { kid, privateKey, publicKey, createdAt };
}
