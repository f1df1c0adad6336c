// A self-signed X.509 v3 certificate for the issuer's key, the form Google's oauth2/v1/certs map
// serves (verifiers that only read X.509, such as Python's google-auth, accept it).
import { createSign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  nullValue,
  objectId,
  octetString,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from './der.ts';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';

export interface CertificateInput {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Subject and issuer common name. */
  commonName: string;
  /** Big-endian serial bytes (made positive). */
  serial: Buffer;
  notBefore: number;
  notAfter: number;
}

/** The certificate as PEM (`-----BEGIN CERTIFICATE-----`), signed RS256 by its own key. */
export function selfSignedCertificate(input: CertificateInput): string {
  const algorithm = sequence(objectId(SHA256_WITH_RSA), nullValue());
  const name = sequence(set(sequence(objectId(COMMON_NAME), utf8String(input.commonName))));
  const extensions = sequence(
    sequence(objectId(BASIC_CONSTRAINTS), boolean(true), octetString(sequence())),
    // digitalSignature only: bit 0 set, 7 unused bits.
    sequence(objectId(KEY_USAGE), boolean(true), octetString(bitString(Buffer.from([0x80]), 7))),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(input.serial),
    algorithm,
    name,
    sequence(time(input.notBefore), time(input.notAfter)),
    name,
    input.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = createSign('sha256').update(tbs).sign(input.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
