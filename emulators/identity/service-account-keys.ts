// Service-account key files the emulators can verify: minted here (RSA-2048, Google's JSON key
// file shape) or registered from a user's own key file; only the public halves are remembered.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { invalidArgument } from '../common/index.ts';
import { serviceAccountUniqueId } from './claims.ts';

/** The fields of a Google service-account key file (`type: service_account`). */
export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

export interface MintKeyInput {
  /** Default `devkit-signer@<project>.iam.gserviceaccount.com`. */
  email?: string;
  project?: string;
  /** The token endpoint written into the file (`token_uri`), e.g. `http://127.0.0.1:4443/token`. */
  tokenUri: string;
}

/** Public keys by service-account email and key id, for signed URLs and JWT-bearer grants. */
/** A remembered public key, in the form a data-dir file keeps it. */
export interface PublicKeyEntry {
  email: string;
  keyId: string;
  /** SPKI PEM. */
  publicKeyPem: string;
}

export class ServiceAccountKeys {
  readonly #byEmail = new Map<string, Map<string, KeyObject>>();
  /** Called after every new key (e.g. to save the set). */
  onChange: () => void = () => {};

  /** Every remembered public key. */
  entries(): PublicKeyEntry[] {
    return [...this.#byEmail].flatMap(([email, keys]) =>
      [...keys].map(([keyId, key]) => ({
        email,
        keyId,
        publicKeyPem: key.export({ type: 'spki', format: 'pem' }) as string,
      })),
    );
  }

  /** Remembers saved entries again (no `onChange`). */
  restore(entries: PublicKeyEntry[]): void {
    for (const e of entries) this.#remember(e.email, e.keyId, createPublicKey(e.publicKeyPem), false);
  }

  /** A new key file; its public key is remembered. The private key is returned, never kept. */
  async mint(input: MintKeyInput): Promise<ServiceAccountKeyFile> {
    const project = input.project ?? 'devkit-local';
    const email = input.email ?? `devkit-signer@${project}.iam.gserviceaccount.com`;
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidArgument(`'${email}' is not a service-account email`);
    const pair = await promisify(generateKeyPair)('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const file: ServiceAccountKeyFile = {
      type: 'service_account',
      project_id: project,
      private_key_id: keyId(pair.publicKey),
      private_key: pem,
      client_email: email,
      client_id: serviceAccountUniqueId(email),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: input.tokenUri,
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
      universe_domain: 'googleapis.com',
    };
    this.#remember(email, file.private_key_id, pair.publicKey);
    return file;
  }

  /** Registers a user's key file (its public part is derived); returns the email and key id. */
  register(keyFile: unknown): { email: string; keyId: string } {
    const file = keyFile as Partial<ServiceAccountKeyFile> | null;
    if (file?.type !== 'service_account' || typeof file.client_email !== 'string') {
      throw invalidArgument('Expected a service-account key file (type "service_account", client_email).');
    }
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(createPrivateKey(String(file.private_key)));
    } catch (err) {
      throw invalidArgument(`private_key is not a PEM RSA key (${(err as Error).message}).`);
    }
    const id =
      typeof file.private_key_id === 'string' && file.private_key_id ? file.private_key_id : keyId(publicKey);
    this.#remember(file.client_email, id, publicKey);
    return { email: file.client_email, keyId: id };
  }

  /** Every public key known for `email` (empty when none). */
  publicKeys(email: string): KeyObject[] {
    return [...(this.#byEmail.get(email.toLowerCase())?.values() ?? [])];
  }

  /** The key with id `kid` of `email`, if known. */
  publicKey(email: string, kid: string): KeyObject | undefined {
    return this.#byEmail.get(email.toLowerCase())?.get(kid);
  }

  #remember(email: string, kid: string, key: KeyObject, notify = true): void {
    const lower = email.toLowerCase();
    const keys = this.#byEmail.get(lower) ?? new Map<string, KeyObject>();
    keys.set(kid, key);
    this.#byEmail.set(lower, keys);
    if (notify) this.onChange();
  }
}

/** 40 hex digits from the public key, the shape of Google's private_key_id. */
function keyId(publicKey: KeyObject): string {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
