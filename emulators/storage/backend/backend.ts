// The small persistence interface behind the emulator. Backends store records and blobs and know
// no rules: generations, preconditions and events live in the service above them.
import type { Readable } from 'node:stream';
import type { ContentHashes } from '../hash/hashing.ts';
import type { BucketRecord, NotificationRecord, ObjectRecord } from '../service/records.ts';

export interface BlobInfo extends ContentHashes {
  blobId: string;
}

/** Inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StorageBackend {
  getBucket(name: string): Promise<BucketRecord | undefined>;
  listBuckets(): Promise<BucketRecord[]>;
  putBucket(bucket: BucketRecord): Promise<void>;
  /** Removes the bucket with its notification configs; the caller ensures it holds no objects. */
  deleteBucket(name: string): Promise<void>;

  /** Every stored generation (live and noncurrent) of the bucket's objects, unordered. */
  listObjects(bucket: string): Promise<ObjectRecord[]>;
  /** The live generation when `generation` is omitted. */
  getObject(bucket: string, name: string, generation?: number): Promise<ObjectRecord | undefined>;
  /** Inserts or replaces the record of (bucket, name, generation). */
  putObject(object: ObjectRecord): Promise<void>;
  /** Removes one generation's record (not its blob). */
  deleteObject(bucket: string, name: string, generation: number): Promise<void>;

  /** Streams `source` into a new blob, hashing on the way; never buffers it whole (directory). */
  writeBlob(source: AsyncIterable<Uint8Array>): Promise<BlobInfo>;
  /**
   * Takes ownership of a finished spool file (from `spoolDir`) whose hashes are already known;
   * the directory backend renames it into place instead of copying.
   */
  adoptBlob(file: string, hashes: ContentHashes): Promise<BlobInfo>;
  readBlob(blobId: string, range?: ByteRange): Readable;
  /**
   * The blob's bytes without a stream, for backends that hold them in memory: a small download is
   * then one write instead of a stream pipeline. Undefined when the backend has no such copy.
   */
  blobBytes?(blobId: string, range?: ByteRange): Buffer | undefined;
  /**
   * The file holding the blob, for backends that keep one per blob: a large download then reads
   * it with positioned reads into reused buffers instead of a read stream.
   */
  blobFile?(blobId: string): string;
  /** The blob's in-memory chunks (no copy), for backends that hold them: written straight out. */
  blobChunks?(blobId: string, range?: ByteRange): Buffer[] | undefined;
  deleteBlob(blobId: string): Promise<void>;

  listNotifications(bucket: string): Promise<NotificationRecord[]>;
  putNotification(config: NotificationRecord): Promise<void>;
  deleteNotification(bucket: string, id: string): Promise<void>;

  /**
   * The directory where resumable upload sessions spool their bytes (created on first use, so a
   * memory backend that never sees a resumable upload leaves no temp directory behind).
   */
  spoolDir(): Promise<string>;
  close(): Promise<void>;
}
