// The byte side of a resumable session: one append-only spool file, hashed as it grows, turned
// into a blob at the end without a second copy when the running hashes are sound.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobInfo, StorageBackend } from '../backend/backend.ts';
import type { StreamHasher } from '../hash/hashing.ts';

export interface Spool {
  file: string;
  /** Bytes on disk. */
  persisted: number;
  /** Hashes of the persisted bytes; dropped (undefined) once they may have diverged from the file. */
  hasher?: StreamHasher;
  hashed: number;
}

/**
 * Appends the bytes of `body` (which starts at offset `start`) beyond what is persisted (a retried
 * chunk may overlap) and up to `end`. Bytes that reach the disk count even if the request breaks.
 */
export async function appendToSpool(
  s: Spool,
  start: number,
  end: number | undefined,
  body: Readable,
): Promise<void> {
  let pos = start;
  const keepFrom = s.persisted;
  const stopAt = end === undefined ? Number.POSITIVE_INFINITY : end + 1;
  try {
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          const from = Math.max(0, keepFrom - pos);
          const to = Math.min(chunk.length, stopAt - pos);
          pos += chunk.length;
          if (to <= from) continue;
          const part = chunk.subarray(from, to);
          s.hasher?.update(part);
          s.hashed += part.length;
          yield part;
          if (s.hasher?.backlogged) await s.hasher.drained();
        }
      },
      createWriteStream(s.file, { flags: 'a', highWaterMark: 1 << 20 }),
    );
  } finally {
    s.persisted = await spoolSize(s.file);
    if (s.hashed !== s.persisted) {
      s.hasher?.discard();
      s.hasher = undefined;
    }
  }
}

/** Bytes on disk in a spool file (0 before the first append). */
export function spoolSize(file: string): Promise<number> {
  return stat(file).then(
    (st) => st.size,
    () => 0,
  );
}

/**
 * The spool file as a blob: adopted whole when its running hashes are sound, else re-read (also
 * when the MD5 worker failed).
 */
export async function spoolToBlob(backend: StorageBackend, s: Spool): Promise<BlobInfo> {
  if (s.persisted === 0) return backend.writeBlob((async function* () {})());
  const hashes = await s.hasher?.digest().catch(() => undefined);
  if (hashes) return backend.adoptBlob(s.file, hashes);
  return backend.writeBlob(createReadStream(s.file, { highWaterMark: 1 << 20 }));
}
