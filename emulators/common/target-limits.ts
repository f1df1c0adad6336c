// Limits the Cloud Scheduler and Cloud Tasks target.proto files state for the HTTP requests they
// send: "The maximum allowed URL length is 2083 characters after encoding" (also for App Engine
// relative URIs) and "The total size of headers must be less than 80KB".
import { invalidArgument } from './error.ts';

export const MAX_TARGET_URI_LENGTH = 2083;
export const MAX_TARGET_HEADER_BYTES = 80 * 1024;

/** Names and values, in UTF-8 bytes, must total under 80 KB; else INVALID_ARGUMENT naming `field`. */
export function checkTargetHeaderSize(field: string, headers: Record<string, string> | undefined): void {
  let total = 0;
  for (const [name, value] of Object.entries(headers ?? {})) {
    total += Buffer.byteLength(name) + Buffer.byteLength(String(value));
  }
  if (total >= MAX_TARGET_HEADER_BYTES) {
    throw invalidArgument(`${field}.headers must total less than 80KB, got ${total} bytes`);
  }
}
