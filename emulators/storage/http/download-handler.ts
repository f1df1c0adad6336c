// alt=media downloads: streams the blob (or a Range of it) with the headers the client library
// validates against: X-Goog-Hash, X-Goog-Generation, X-Goog-Stored-Content-Encoding, ...
// and the HTTP conditional headers GCS honours on media reads (If-Match, If-None-Match, and on
// the XML API also If-Modified-Since / If-Unmodified-Since).
import { createGunzip } from 'node:zlib';
import { checkObjectKey, getObject } from '../service/objects.ts';
import { parsePreconditions, parseXmlPreconditions, preconditionFailed } from '../service/preconditions.ts';
import type { ObjectRecord } from '../service/records.ts';
import type { ApiRequest } from './api-request.ts';
import { parseDownloadRange } from './content-range.ts';
import { customerKey, keyHeaders } from './customer-encryption.ts';
import type { HttpEnv } from './env.ts';
import { etagListHas } from './etag-match.ts';
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
  const xml = isXmlRead(req);
  const rec = await getObject(
    env.ctx,
    bucket,
    name,
    generationParam(req),
    xml ? parseXmlPreconditions((name) => req.header(name)) : parsePreconditions(req.query),
    true,
  );
  // The bytes of a CSEK object need its key; the request's key for a plain object is refused too.
  checkObjectKey(rec.customerEncryption, customerKey(req));
  const headers = { ...recordHeaders(rec) };
  // The XML API's ETag is the quoted MD5 hex; the JSON API's is its metadata etag, bare (the
  // Python client's system test compares the header with the resource's `etag`).
  if (xml && rec.md5Hash) headers.etag = `"${Buffer.from(rec.md5Hash, 'base64').toString('hex')}"`;
  if (!conditionsHold(req, String(headers.etag), rec.updated, xml)) {
    const kept = notModifiedHeaders(headers);
    if (rec.cacheControl) kept['cache-control'] = rec.cacheControl;
    return { status: 304, headers: kept };
  }
  const range = parseDownloadRange(req.header('range'), rec.size);
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

/** `GET /BUCKET/OBJECT` (plain or signed): the XML API's read, not JSON `alt=media`. */
const isXmlRead = (req: ApiRequest) => req.surface === 'json' && !req.path.startsWith('/b/');

/**
 * RFC 9110 §13.2.2 order: If-Match (412 when no tag matches), else If-Unmodified-Since; then
 * If-None-Match (false → 304), else If-Modified-Since. The two date headers are XML API only
 * (Google's "Request preconditions": Last-Modified "only available ... using the XML API");
 * an unparsable date is ignored, as HTTP says.
 */
function conditionsHold(req: ApiRequest, etag: string, updatedMs: number, xml: boolean): boolean {
  const modified = Math.floor(updatedMs / 1000) * 1000; // Last-Modified has whole seconds
  const ifMatch = req.header('if-match');
  if (ifMatch !== undefined) {
    if (!etagListHas(ifMatch, etag)) throw preconditionFailed();
  } else if (xml) {
    const since = httpDate(req.header('if-unmodified-since'));
    if (since !== undefined && modified > since) throw preconditionFailed();
  }
  const ifNoneMatch = req.header('if-none-match');
  if (ifNoneMatch !== undefined) return !etagListHas(ifNoneMatch, etag);
  const since = xml ? httpDate(req.header('if-modified-since')) : undefined;
  return since === undefined || modified > since;
}

function httpDate(value: string | undefined): number | undefined {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** A 304 carries the validators and cache headers a 200 would, and no body headers. */
function notModifiedHeaders(headers: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const name of ['etag', 'last-modified', 'x-goog-generation', 'x-goog-metageneration']) {
    if (headers[name] !== undefined) out[name] = headers[name]!;
  }
  return out;
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
    etag: objectEtag(rec),
    'last-modified': new Date(rec.updated).toUTCString(),
    'accept-ranges': 'bytes',
    ...keyHeaders(rec.customerEncryption),
  };
  rendered.set(rec, { key, headers });
  return headers;
}

function acceptsGzip(header: string | undefined): boolean {
  return !!header && /(^|,)\s*(gzip|\*)\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(header);
}
