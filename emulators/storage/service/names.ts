// Bucket and object naming rules of Cloud Storage; violations are INVALID_ARGUMENT (HTTP 400).
import { invalidArgument } from '../../common/index.ts';

const BUCKET_CHARS = /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws unless `name` is a valid bucket name (3–63 chars, or up to 222 with dot-separated parts). */
export function validateBucketName(name: unknown): asserts name is string {
  const bad = (why: string) => invalidArgument(`Invalid bucket name: '${String(name)}'. ${why}`);
  if (typeof name !== 'string' || name.length === 0) throw bad('A bucket name is required.');
  if (!BUCKET_CHARS.test(name)) {
    throw bad(
      'Use lowercase letters, digits, dashes, underscores and dots; start and end with a letter or digit.',
    );
  }
  const parts = name.split('.');
  const maxLen = parts.length > 1 ? 222 : 63;
  if (name.length < 3 || name.length > maxLen) throw bad(`Bucket names must be 3-${maxLen} characters long.`);
  if (parts.some((p) => p.length === 0 || p.length > 63))
    throw bad('Each dot-separated part must be 1-63 characters.');
  if (IPV4.test(name)) throw bad('Bucket names cannot be IP addresses.');
  if (name.startsWith('goog') || name.includes('google'))
    throw bad("Bucket names cannot contain 'goog' prefixes.");
}

/** Throws unless `name` is a valid object name: 1–1024 UTF-8 bytes, no CR/LF, not `.` or `..`. */
export function validateObjectName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw invalidArgument('Object name is required.');
  if (Buffer.byteLength(name, 'utf8') > 1024) {
    throw invalidArgument('The object name is too long: it must be at most 1024 bytes of UTF-8.');
  }
  if (name === '.' || name === '..') throw invalidArgument(`Object name '${name}' is not allowed.`);
  if (/[\r\n]/.test(name))
    throw invalidArgument('Object names cannot contain carriage returns or line feeds.');
  if (name.startsWith('.well-known/acme-challenge/')) {
    throw invalidArgument("Object names cannot start with '.well-known/acme-challenge/'.");
  }
  // Lone surrogates cannot be encoded as UTF-8.
  if (LONE_SURROGATE.test(name)) throw invalidArgument('Object names must be valid UTF-8.');
}
