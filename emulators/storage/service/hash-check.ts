// Checks client-declared hashes (X-Goog-Hash header or crc32c/md5Hash in upload metadata) against
// what the server computed, as GCS does before it finalizes an upload.
import { invalidArgument } from '../../common/index.ts';
import type { ContentHashes } from '../hash/hashing.ts';

export interface ExpectedHashes {
  crc32c?: string;
  md5Hash?: string;
}

/** Parses `crc32c=…,md5=…` (either may be absent). */
export function parseGoogHash(header: string | string[] | undefined): ExpectedHashes {
  const out: ExpectedHashes = {};
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (!raw) return out;
  for (const part of raw.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim().toLowerCase();
    const value = part.slice(at + 1).trim();
    if (key === 'crc32c') out.crc32c = value;
    else if (key === 'md5') out.md5Hash = value;
  }
  return out;
}

/** Throws 400 when a declared hash differs from the computed one. */
export function verifyHashes(actual: ContentHashes, expected: ExpectedHashes): void {
  if (expected.crc32c && expected.crc32c !== actual.crc32c) {
    throw invalidArgument(
      `Provided CRC32C "${expected.crc32c}" doesn't match calculated CRC32C "${actual.crc32c}".`,
      { reason: 'invalid' },
    );
  }
  if (expected.md5Hash && expected.md5Hash !== actual.md5Hash) {
    throw invalidArgument(
      `Provided MD5 hash "${expected.md5Hash}" doesn't match calculated MD5 hash "${actual.md5Hash}".`,
      {
        reason: 'invalid',
      },
    );
  }
}
