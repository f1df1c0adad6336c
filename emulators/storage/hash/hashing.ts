// Streaming crc32c + md5 over bytes as they pass, so no object is buffered whole to hash it.
import { createHash, type Hash } from 'node:crypto';
import { crc32cBase64, crc32cUpdate } from './crc32c.ts';

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
