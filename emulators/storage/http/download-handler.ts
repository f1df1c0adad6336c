// alt=media downloads: streams the blob (or a Range of it) with the headers the client library
// validates against: X-Goog-Hash, X-Goog-Generation, X-Goog-Stored-Content-Encoding, ...
import { createGunzip } from 'node:zlib';
import { getObject } from '../service/objects.ts';
import { parsePreconditions } from '../service/preconditions.ts';
import type { ObjectRecord } from '../service/records.ts';
import type { ApiRequest } from './api-request.ts';
import { parseDownloadRange } from './content-range.ts';
import type { HttpEnv } from './env.ts';
import { generationParam } from './object-handlers.ts';
import type { Reply } from './reply.ts';
import { objectEtag } from './resources.ts';

/** Up to this size, a blob the backend holds in memory is sent in one write. */
const SMALL_BODY = 256 * 1024;

export async function downloadObject(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  const rec = await getObject(
    env.ctx,
    bucket,
    name,
    generationParam(req),
    parsePreconditions(req.query),
    true,
  );
  const range = parseDownloadRange(req.header('range'), rec.size);
  const headers = { ...recordHeaders(rec) };
  const gzipped = rec.contentEncoding === 'gzip';
  if (gzipped && !acceptsGzip(req.header('accept-encoding'))) {
    // Decompressive transcoding, as GCS does for clients that cannot take gzip: ranges are
    // ignored and the length is unknown up front.
    delete headers['accept-ranges'];
    const stream = env.ctx.backend.readBlob(rec.blobId).pipe(createGunzip());
    return { status: 200, headers, stream };
  }
  if (rec.contentEncoding) headers['content-encoding'] = rec.contentEncoding;
  if (rec.contentDisposition) headers['content-disposition'] = rec.contentDisposition;
  if (rec.contentLanguage) headers['content-language'] = rec.contentLanguage;
  if (rec.cacheControl) headers['cache-control'] = rec.cacheControl;
  const status = range ? 206 : 200;
  headers['content-length'] = range ? range.end - range.start + 1 : rec.size;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${rec.size}`;
  // A stream pipeline costs more than a small object's bytes: send those in one write.
  const backend = env.ctx.backend;
  const body = rec.size <= SMALL_BODY ? backend.blobBytes?.(rec.blobId, range) : undefined;
  if (body) return { status, headers, body };
  const chunks = backend.blobChunks?.(rec.blobId, range);
  if (chunks) return { status, headers, chunks };
  if (backend.blobFile) {
    const file = {
      path: backend.blobFile(rec.blobId),
      start: range?.start ?? 0,
      end: range?.end ?? rec.size - 1,
    };
    return { status, headers, file };
  }
  return { status, headers, stream: backend.readBlob(rec.blobId, range) };
}

/** Headers that depend on the record alone, rendered once per generation and metageneration. */
const rendered = new WeakMap<ObjectRecord, { key: string; headers: Record<string, string | number> }>();

function recordHeaders(rec: ObjectRecord): Record<string, string | number> {
  const key = `${rec.metageneration}/${rec.updated}/${rec.storageClass}`;
  const hit = rendered.get(rec);
  if (hit?.key === key) return hit.headers;
  const hash = rec.md5Hash ? `crc32c=${rec.crc32c},md5=${rec.md5Hash}` : `crc32c=${rec.crc32c}`;
  const headers: Record<string, string | number> = {
    'content-type': rec.contentType ?? 'application/octet-stream',
    'x-goog-hash': hash,
    'x-goog-generation': String(rec.generation),
    'x-goog-metageneration': String(rec.metageneration),
    'x-goog-stored-content-encoding': rec.contentEncoding ?? 'identity',
    'x-goog-stored-content-length': String(rec.size),
    'x-goog-storage-class': rec.storageClass,
    etag: `"${objectEtag(rec)}"`,
    'last-modified': new Date(rec.updated).toUTCString(),
    'accept-ranges': 'bytes',
  };
  rendered.set(rec, { key, headers });
  return headers;
}

function acceptsGzip(header: string | undefined): boolean {
  return !!header && /(^|,)\s*(gzip|\*)\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(header);
}
