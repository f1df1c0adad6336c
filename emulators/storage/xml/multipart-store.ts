// The state of XML API multipart uploads: initiated uploads and their parts. Each part's bytes
// are a file in the backend's spool directory (never RAM, never named after the object), hashed
// as they arrive; completing concatenates the listed parts into one new object generation.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DevkitError } from '../../common/index.ts';
import { ContentHasher } from '../hash/hashing.ts';
import type { NewObjectAccess } from '../service/acl.ts';
import type { StorageContext } from '../service/context.ts';
import { finalizeObject } from '../service/objects.ts';
import type { ObjectMetadataFields, ObjectRecord } from '../service/records.ts';
import type { RequestedPart } from './multipart-xml.ts';

/** GCS's limits (Quotas & limits, "XML API multipart uploads"). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export interface PartRecord {
  partNumber: number;
  size: number;
  /** hex MD5 of the part: its ETag, unquoted */
  md5Hex: string;
  crc32c: string;
  md5Base64: string;
  lastModified: number;
  file: string;
}

export interface UploadRecord {
  id: string;
  bucket: string;
  name: string;
  fields: ObjectMetadataFields;
  storageClass?: string;
  /** The canned ACL (`x-goog-acl`) and uploader the object is created with. */
  access?: NewObjectAccess;
  initiated: number;
  parts: Map<number, PartRecord>;
  /** `completing` while the object is assembled: new parts and a second complete are refused. */
  state: 'open' | 'completing';
}

export interface ExpectedPartHashes {
  md5Base64?: string;
  crc32c?: string;
}

const xmlFailure = (status: number, code: string, message: string) =>
  new DevkitError(status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT', message, {
    httpStatus: status,
    reason: code,
  });

export const noSuchUpload = () =>
  xmlFailure(
    404,
    'NoSuchUpload',
    'The requested upload was not found. The upload ID may be invalid, or the upload may have been aborted or completed.',
  );

export class MultipartStore {
  private readonly uploads = new Map<string, UploadRecord>();

  constructor(private readonly ctx: StorageContext) {}

  create(init: Pick<UploadRecord, 'bucket' | 'name' | 'fields' | 'storageClass' | 'access'>): UploadRecord {
    const upload: UploadRecord = {
      ...init,
      id: randomBytes(32).toString('base64url'),
      initiated: this.ctx.clock.now(),
      parts: new Map(),
      state: 'open',
    };
    this.uploads.set(upload.id, upload);
    return upload;
  }

  /** The open upload `id` of `bucket/name`, else 404 NoSuchUpload. */
  get(id: string, bucket: string, name: string): UploadRecord {
    const upload = this.uploads.get(id);
    if (!upload || upload.bucket !== bucket || upload.name !== name || upload.state !== 'open') {
      throw noSuchUpload();
    }
    return upload;
  }

  /** The bucket's open uploads, ordered by object name, then by when they started. */
  inBucket(bucket: string): UploadRecord[] {
    return [...this.uploads.values()]
      .filter((u) => u.bucket === bucket && u.state === 'open')
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.initiated - b.initiated));
  }

  /** Stores `body` as part `partNumber` (replacing an earlier upload of that number). */
  async putPart(
    upload: UploadRecord,
    partNumber: number,
    body: Readable,
    expected: ExpectedPartHashes,
  ): Promise<PartRecord> {
    const dir = await this.ctx.backend.spoolDir();
    const file = join(dir, `xmlmpu-${upload.id}-${partNumber}-${randomBytes(6).toString('hex')}`);
    const hasher = new ContentHasher();
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > MAX_PART_BYTES) {
              throw xmlFailure(400, 'EntityTooLarge', `A part may hold at most ${MAX_PART_BYTES} bytes.`);
            }
            hasher.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(file, { highWaterMark: 1 << 20 }),
      );
      const hashes = hasher.digest();
      if (expected.md5Base64 && expected.md5Base64 !== hashes.md5Hash) {
        throw xmlFailure(400, 'BadDigest', 'The MD5 you specified did not match what was received.');
      }
      if (expected.crc32c && expected.crc32c !== hashes.crc32c) {
        throw xmlFailure(400, 'BadDigest', 'The CRC32C you specified did not match what was received.');
      }
      // Aborted or completed while the bytes arrived: the part belongs to nothing.
      if (this.uploads.get(upload.id) !== upload || upload.state !== 'open') throw noSuchUpload();
      const part: PartRecord = {
        partNumber,
        size,
        md5Hex: Buffer.from(hashes.md5Hash, 'base64').toString('hex'),
        md5Base64: hashes.md5Hash,
        crc32c: hashes.crc32c,
        lastModified: this.ctx.clock.now(),
        file,
      };
      const replaced = upload.parts.get(partNumber);
      upload.parts.set(partNumber, part);
      if (replaced) await rm(replaced.file, { force: true });
      return part;
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
  }

  /**
   * Assembles the listed parts (ascending, each matching its ETag, all but the last at least
   * 5 MiB) into the object. The object has a CRC32C and no MD5, as GCS documents; every part of
   * the upload is dropped afterwards, listed or not.
   */
  async complete(
    upload: UploadRecord,
    requested: RequestedPart[],
  ): Promise<{ object: ObjectRecord; etag: string }> {
    const parts = this.pickParts(upload, requested);
    upload.state = 'completing';
    let object: ObjectRecord;
    try {
      const blob = await this.ctx.backend.writeBlob(concatFiles(parts.map((p) => p.file)));
      object = await finalizeObject(this.ctx, {
        bucket: upload.bucket,
        name: upload.name,
        blob,
        fields: upload.fields,
        // GCS documents that multipart upload requests take no preconditions.
        pre: {},
        storageClass: upload.storageClass,
        access: upload.access,
        noMd5: true,
        componentCount: parts.length,
      });
    } catch (err) {
      upload.state = 'open';
      throw err;
    }
    const digests = Buffer.concat(parts.map((p) => Buffer.from(p.md5Hex, 'hex')));
    const etag = `${createHash('md5').update(digests).digest('hex')}-${parts.length}`;
    await this.drop(upload);
    return { object, etag };
  }

  /** Forgets the upload and deletes its parts. */
  async abort(upload: UploadRecord): Promise<void> {
    await this.drop(upload);
  }

  private pickParts(upload: UploadRecord, requested: RequestedPart[]): PartRecord[] {
    const parts: PartRecord[] = [];
    let previous = 0;
    for (const want of requested) {
      if (want.partNumber <= previous) {
        throw xmlFailure(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
      }
      previous = want.partNumber;
      const part = upload.parts.get(want.partNumber);
      if (!part || part.md5Hex !== want.etag.toLowerCase()) {
        throw xmlFailure(
          400,
          'InvalidPart',
          `One or more of the specified parts could not be found (part ${want.partNumber}): the part may not have been uploaded, or its ETag may not match.`,
        );
      }
      parts.push(part);
    }
    for (const part of parts.slice(0, -1)) {
      if (part.size < MIN_PART_BYTES) {
        throw xmlFailure(
          400,
          'EntityTooSmall',
          `Part ${part.partNumber} is ${part.size} bytes; every part but the last must be at least ${MIN_PART_BYTES} bytes.`,
        );
      }
    }
    return parts;
  }

  private async drop(upload: UploadRecord) {
    if (this.uploads.get(upload.id) === upload) this.uploads.delete(upload.id);
    const files = [...upload.parts.values()].map((p) => p.file);
    upload.parts.clear();
    await Promise.all(files.map((f) => rm(f, { force: true })));
  }
}

async function* concatFiles(files: string[]): AsyncIterable<Buffer> {
  for (const file of files) yield* createReadStream(file, { highWaterMark: 1 << 20 });
}

/** One store per emulator, found through its context (the HTTP env has no slot for it). */
const stores = new WeakMap<StorageContext, MultipartStore>();

export function multipartStoreFor(ctx: StorageContext): MultipartStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new MultipartStore(ctx);
    stores.set(ctx, store);
  }
  return store;
}
