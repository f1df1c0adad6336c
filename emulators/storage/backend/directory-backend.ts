// The `--data-dir` backend: every record is a JSON file written atomically (temp file + rename)
// and every blob a file streamed to disk. Paths are derived from SHA-256 digests of bucket and
// object names and from ids we mint, so no client-chosen name can ever reach the filesystem.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ContentHasher, type ContentHashes } from '../hash/hashing.ts';
import type { BucketRecord, NotificationRecord, ObjectRecord } from '../service/records.ts';
import type { BlobInfo, ByteRange, StorageBackend } from './backend.ts';
import { lockDataDir } from './dir-lock.ts';
import { RecordIndex } from './record-index.ts';

const BLOB_ID = /^[0-9a-f-]{36}$/;
const NOTIFICATION_ID = /^[0-9]{1,18}$/;
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Opens (creating if needed) a data directory and loads every record it holds. */
export async function openDirectoryBackend(dataDir: string): Promise<StorageBackend> {
  const root = resolve(dataDir);
  for (const sub of ['buckets', 'blobs', 'tmp', 'uploads']) await mkdir(join(root, sub), { recursive: true });
  const unlock = await lockDataDir(root);
  try {
    await rm(join(root, 'tmp'), { recursive: true, force: true });
    await mkdir(join(root, 'tmp'));
    const backend = new DirectoryBackend(root, unlock);
    await backend.load();
    return backend;
  } catch (err) {
    await unlock();
    throw err;
  }
}

class DirectoryBackend implements StorageBackend {
  private readonly index = new RecordIndex();
  private readonly uploads: string;

  constructor(
    private readonly root: string,
    private readonly unlock: () => Promise<void>,
  ) {
    this.uploads = join(root, 'uploads');
  }

  async spoolDir() {
    return this.uploads;
  }

  private bucketDir(bucket: string) {
    return join(this.root, 'buckets', digest(bucket));
  }
  private objectFile(o: { bucket: string; name: string; generation: number }) {
    return join(this.bucketDir(o.bucket), 'objects', `${digest(o.name)}.${o.generation}.json`);
  }
  private notificationFile(bucket: string, id: string) {
    if (!NOTIFICATION_ID.test(id)) throw new Error(`bad notification id ${id}`);
    return join(this.bucketDir(bucket), 'notifications', `${id}.json`);
  }
  blobFile(blobId: string) {
    if (!BLOB_ID.test(blobId)) throw new Error(`bad blob id ${blobId}`);
    return join(this.root, 'blobs', blobId);
  }
  private tmpFile() {
    return join(this.root, 'tmp', randomUUID());
  }

  private async writeJson(file: string, value: unknown) {
    const tmp = this.tmpFile();
    await writeFile(tmp, JSON.stringify(value));
    await rename(tmp, file);
  }

  /** Loads every record, finishing what a crash interrupted and removing what it left behind. */
  async load(): Promise<void> {
    const bucketsDir = join(this.root, 'buckets');
    const referenced = new Set<string>();
    for (const dir of await readdir(bucketsDir)) {
      const base = join(bucketsDir, dir);
      const bucket = await readJson<BucketRecord>(join(base, 'bucket.json'));
      if (!bucket) {
        // A bucket whose creation never reached its record.
        await rm(base, { recursive: true, force: true });
        continue;
      }
      this.index.putBucket(bucket);
      for (const file of await listDir(join(base, 'objects'))) {
        const rec = await readJson<ObjectRecord>(join(base, 'objects', file));
        if (rec && BLOB_ID.test(rec.blobId)) this.index.putObject(rec);
      }
      // An overwrite cut short between its new record and retiring the old: finish retiring it.
      for (const rec of this.index.repairLive(bucket.name)) {
        if (bucket.versioning) await this.writeJson(this.objectFile(rec), rec);
        else await this.deleteObject(rec.bucket, rec.name, rec.generation);
      }
      for (const rec of this.index.listObjects(bucket.name)) referenced.add(rec.blobId);
      for (const file of await listDir(join(base, 'notifications'))) {
        const rec = await readJson<NotificationRecord>(join(base, 'notifications', file));
        if (rec && NOTIFICATION_ID.test(rec.id)) this.index.putNotification(rec);
      }
    }
    // Blobs written by uploads that never committed, or left by deletes cut short.
    for (const blob of await listDir(join(this.root, 'blobs'))) {
      if (!referenced.has(blob)) await rm(join(this.root, 'blobs', blob), { force: true });
    }
  }

  async getBucket(name: string) {
    return this.index.getBucket(name);
  }
  async listBuckets() {
    return this.index.listBuckets();
  }
  async putBucket(bucket: BucketRecord) {
    const dir = this.bucketDir(bucket.name);
    await mkdir(join(dir, 'objects'), { recursive: true });
    await mkdir(join(dir, 'notifications'), { recursive: true });
    await this.writeJson(join(dir, 'bucket.json'), bucket);
    this.index.putBucket(bucket);
  }
  async deleteBucket(name: string) {
    // Rename first so a crash mid-delete never leaves a half-bucket that loads.
    const trash = this.tmpFile();
    await rename(this.bucketDir(name), trash).catch(() => undefined);
    await rm(trash, { recursive: true, force: true });
    this.index.deleteBucket(name);
  }
  async listObjects(bucket: string) {
    return this.index.listObjects(bucket);
  }
  async getObject(bucket: string, name: string, generation?: number) {
    return this.index.getObject(bucket, name, generation);
  }
  async putObject(object: ObjectRecord) {
    await this.writeJson(this.objectFile(object), object);
    this.index.putObject(object);
  }
  async deleteObject(bucket: string, name: string, generation: number) {
    await rm(this.objectFile({ bucket, name, generation }), { force: true });
    this.index.deleteObject(bucket, name, generation);
  }

  async writeBlob(source: AsyncIterable<Uint8Array>): Promise<BlobInfo> {
    const hasher = new ContentHasher();
    const tmp = this.tmpFile();
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            hasher.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp, { highWaterMark: 1 << 20 }),
      );
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const blobId = randomUUID();
    await rename(tmp, this.blobFile(blobId));
    return { blobId, ...hasher.digest() };
  }

  async adoptBlob(file: string, hashes: ContentHashes): Promise<BlobInfo> {
    const blobId = randomUUID();
    await rename(file, this.blobFile(blobId));
    return { blobId, ...hashes };
  }

  readBlob(blobId: string, range?: ByteRange): Readable {
    const opts = { highWaterMark: 1 << 20, ...(range ? { start: range.start, end: range.end } : {}) };
    return createReadStream(this.blobFile(blobId), opts);
  }

  async deleteBlob(blobId: string) {
    await rm(this.blobFile(blobId), { force: true });
  }

  async listNotifications(bucket: string) {
    return this.index.listNotifications(bucket);
  }
  async putNotification(config: NotificationRecord) {
    await this.writeJson(this.notificationFile(config.bucket, config.id), config);
    this.index.putNotification(config);
  }
  async deleteNotification(bucket: string, id: string) {
    await rm(this.notificationFile(bucket, id), { force: true });
    this.index.deleteNotification(bucket, id);
  }

  async close() {
    await this.unlock();
  }
}

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
