// The default backend: records and blobs in process memory. Resumable sessions still spool to a
// private temp directory (removed on close), so an in-progress upload never sits in RAM.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { notFound } from '../../common/index.ts';
import { ContentHasher } from '../hash/hashing.ts';
import type { BucketRecord, NotificationRecord, ObjectRecord } from '../service/records.ts';
import type { BlobInfo, ByteRange, StorageBackend } from './backend.ts';
import { RecordIndex } from './record-index.ts';

export async function openMemoryBackend(): Promise<StorageBackend> {
  return new MemoryBackend();
}

class MemoryBackend implements StorageBackend {
  private readonly index = new RecordIndex();
  private readonly blobs = new Map<string, Buffer[]>();

  private spool: Promise<string> | undefined;

  spoolDir(): Promise<string> {
    this.spool ??= mkdtemp(join(tmpdir(), 'devkit-gcs-'));
    return this.spool;
  }

  async getBucket(name: string) {
    return this.index.getBucket(name);
  }
  async listBuckets() {
    return this.index.listBuckets();
  }
  async putBucket(bucket: BucketRecord) {
    this.index.putBucket(bucket);
  }
  async deleteBucket(name: string) {
    this.index.deleteBucket(name);
  }
  async listObjects(bucket: string) {
    return this.index.listObjects(bucket);
  }
  async getObject(bucket: string, name: string, generation?: number) {
    return this.index.getObject(bucket, name, generation);
  }
  async putObject(object: ObjectRecord) {
    this.index.putObject(object);
  }
  async deleteObject(bucket: string, name: string, generation: number) {
    this.index.deleteObject(bucket, name, generation);
  }

  async writeBlob(source: AsyncIterable<Uint8Array>): Promise<BlobInfo> {
    const hasher = new ContentHasher();
    const chunks: Buffer[] = [];
    const add = (chunk: Uint8Array) => {
      const buf = ownBytes(chunk);
      hasher.update(buf);
      chunks.push(buf);
    };
    if (source instanceof Readable) await readAll(source, add);
    else for await (const chunk of source) add(chunk);
    const blobId = randomUUID();
    this.blobs.set(blobId, chunks);
    return { blobId, ...hasher.digest() };
  }

  async adoptBlob(file: string): Promise<BlobInfo> {
    const info = await this.writeBlob(createReadStream(file, { highWaterMark: 1 << 20 }));
    await rm(file, { force: true });
    return info;
  }

  readBlob(blobId: string, range?: ByteRange): Readable {
    const chunks = this.blobs.get(blobId);
    if (!chunks) throw notFound(`blob ${blobId} is missing`);
    return Readable.from(slices(chunks, range), { objectMode: false });
  }

  blobChunks(blobId: string, range?: ByteRange): Buffer[] | undefined {
    const chunks = this.blobs.get(blobId);
    return chunks && [...slices(chunks, range)];
  }

  blobBytes(blobId: string, range?: ByteRange): Buffer | undefined {
    const chunks = this.blobs.get(blobId);
    if (!chunks) return undefined;
    const parts = [...slices(chunks, range)];
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  async deleteBlob(blobId: string) {
    this.blobs.delete(blobId);
  }

  async listNotifications(bucket: string) {
    return this.index.listNotifications(bucket);
  }
  async putNotification(config: NotificationRecord) {
    this.index.putNotification(config);
  }
  async deleteNotification(bucket: string, id: string) {
    this.index.deleteNotification(bucket, id);
  }

  async close() {
    this.blobs.clear();
    if (this.spool) await rm(await this.spool, { recursive: true, force: true });
  }
}

/**
 * Every chunk of `source` to `add`, by 'data' events (cheaper than an async iterator for the
 * one-packet bodies of small uploads); rejects when it errors or closes before its end.
 */
function readAll(source: Readable, add: (chunk: Uint8Array) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      source.off('data', add);
      source.off('end', onEnd);
      source.off('error', done);
      source.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onEnd = () => done();
    const onClose = () =>
      done(Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    source.on('data', add);
    source.once('end', onEnd);
    source.once('error', done);
    source.once('close', onClose);
    if (source.readableEnded) onEnd();
    else if (source.destroyed) onClose();
  });
}

/**
 * A chunk the blob may keep: a view filling most of its allocation is kept as it is (no copy of
 * large uploads), a small view of a bigger read buffer is copied so it does not pin the rest.
 */
function ownBytes(chunk: Uint8Array): Buffer {
  if (chunk.byteLength * 2 >= chunk.buffer.byteLength) {
    return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  return Buffer.from(chunk);
}

function* slices(chunks: Buffer[], range?: ByteRange): Generator<Buffer> {
  const start = range?.start ?? 0;
  const end = range?.end ?? Number.POSITIVE_INFINITY;
  let pos = 0;
  for (const chunk of chunks) {
    const chunkEnd = pos + chunk.length;
    if (chunkEnd > start && pos <= end) {
      yield chunk.subarray(Math.max(0, start - pos), Math.min(chunk.length, end - pos + 1));
    }
    pos = chunkEnd;
    if (pos > end) break;
  }
}
