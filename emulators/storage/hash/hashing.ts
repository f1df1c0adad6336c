// Streaming crc32c + md5 over bytes as they pass, so no object is buffered whole to hash it.
import { createHash, type Hash } from 'node:crypto';
import { crc32cBase64, crc32cUpdate } from './crc32c.ts';
import type { Md5Offload, OffloadedMd5 } from './md5-offload.ts';

export interface ContentHashes {
  size: number;
  /** base64 big-endian CRC-32C */
  crc32c: string;
  /** base64 MD5 digest */
  md5Hash: string;
}

/** Accumulates size and both hashes; call `digest()` once at the end. */
export class ContentHasher {
  private crc = 0;
  private size = 0;
  private readonly md5: Hash = createHash('md5');

  update(chunk: Uint8Array): void {
    this.crc = crc32cUpdate(this.crc, chunk);
    this.md5.update(chunk);
    this.size += chunk.length;
  }

  digest(): ContentHashes {
    return { size: this.size, crc32c: crc32cBase64(this.crc), md5Hash: this.md5.digest('base64') };
  }
}

/**
 * The same hashes for long streams (resumable uploads): CRC-32C inline, MD5 on the offload worker.
 * Writers should `await drained()` when `backlogged`, so a slow worker slows the upload instead
 * of queueing its bytes in memory.
 */
export class StreamHasher {
  private crc = 0;
  private size = 0;
  private readonly md5: OffloadedMd5;

  constructor(offload: Md5Offload) {
    this.md5 = offload.stream();
  }

  /** `chunk` must not change afterwards: the MD5 side may read it later. */
  update(chunk: Uint8Array): void {
    this.crc = crc32cUpdate(this.crc, chunk);
    this.md5.update(chunk);
    this.size += chunk.length;
  }

  get backlogged(): boolean {
    return this.md5.backlogged;
  }

  drained(): Promise<void> {
    return this.md5.drained();
  }

  /** Call once; rejects if the MD5 worker failed (the caller can re-read the bytes instead). */
  async digest(): Promise<ContentHashes> {
    return { size: this.size, crc32c: crc32cBase64(this.crc), md5Hash: await this.md5.digest() };
  }

  /** Forgets the stream when its bytes are abandoned. */
  discard(): void {
    this.md5.discard();
  }
}
