// Customer-supplied encryption keys (CSEK) read from a request's headers: `x-goog-encryption-*`
// for the object written or read, `x-goog-copy-source-encryption-*` for a copy's source.
// Checked as GCS does (algorithm AES256, a base64 32-byte key, its base64 SHA-256); reasons
// from "HTTP status and error codes" of the JSON API.
import { createHash } from 'node:crypto';
import { invalidArgument } from '../../common/index.ts';
import type { CustomerEncryption } from '../service/records.ts';
import type { ApiRequest } from './api-request.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type KeyHeaders = 'x-goog-encryption-' | 'x-goog-copy-source-encryption-';

/** The key the request supplies under `prefix`, or undefined when it sends none of the three headers. */
export function customerKey(
  req: ApiRequest,
  prefix: KeyHeaders = 'x-goog-encryption-',
): CustomerEncryption | undefined {
  const algorithm = req.header(`${prefix}algorithm`);
  const key = req.header(`${prefix}key`);
  const sha = req.header(`${prefix}key-sha256`);
  if (algorithm === undefined && key === undefined && sha === undefined) return undefined;
  if (algorithm !== 'AES256') {
    throw invalidArgument('Missing an encryption algorithm, or the provided algorithm is not "AES256".', {
      reason: 'customerEncryptionAlgorithmIsInvalid',
    });
  }
  const raw = key !== undefined && BASE64.test(key) ? Buffer.from(key, 'base64') : undefined;
  if (raw?.length !== 32) {
    throw invalidArgument(
      'Missing an encryption key, or it is not base64 encoded, or it does not meet the required length of the encryption algorithm.',
      { reason: 'customerEncryptionKeyFormatIsInvalid' },
    );
  }
  const keySha256 = createHash('sha256').update(raw).digest('base64');
  if (sha === undefined || !BASE64.test(sha) || Buffer.from(sha, 'base64').toString('base64') !== keySha256) {
    throw invalidArgument(
      'Missing a SHA256 hash of the encryption key, or it is not base64 encoded, or it does not match the encryption key.',
      { reason: 'customerEncryptionKeySha256IsInvalid' },
    );
  }
  return { encryptionAlgorithm: 'AES256', keySha256 };
}

/**
 * A key for a new object: GCS refuses one alongside a Cloud KMS key in the same request
 * (`kmsKeyName` on uploads, `destinationKmsKeyName` on copy, rewrite and compose), since an
 * object is encrypted by one or the other.
 */
export function writeKey(
  req: ApiRequest,
  kmsParam: 'kmsKeyName' | 'destinationKmsKeyName' = 'kmsKeyName',
): CustomerEncryption | undefined {
  const key = customerKey(req);
  if (key && (req.query.get(kmsParam) || req.header('x-goog-encryption-kms-key-name'))) {
    throw invalidArgument(
      'Customer-supplied encryption keys and Cloud KMS keys cannot both be specified for one object.',
      { reason: 'invalid' },
    );
  }
  return key;
}

/** The headers a read or write of a CSEK object answers with. */
export function keyHeaders(enc: CustomerEncryption | undefined): Record<string, string> {
  if (!enc) return {};
  return {
    'x-goog-encryption-algorithm': enc.encryptionAlgorithm,
    'x-goog-encryption-key-sha256': enc.keySha256,
  };
}
