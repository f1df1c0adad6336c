// Uploads: media (raw body), multipart/related (metadata + media) and resumable sessions
// (create → Location, PUT chunks with Content-Range → 308/200, `bytes */*` status, cancel → 499).
import { invalidArgument } from '../../common/index.ts';
import { type NewObjectAccess, newObjectAcl } from '../service/acl.ts';
import { requireBucket } from '../service/buckets.ts';
import { type ExpectedHashes, parseGoogHash, verifyHashes } from '../service/hash-check.ts';
import { validateObjectName } from '../service/names.ts';
import { readFields, replaceFields } from '../service/object-fields.ts';
import { finalizeObject } from '../service/objects.ts';
import { checkPreconditions, parseInteger, parsePreconditions } from '../service/preconditions.ts';
import type { ObjectMetadataFields } from '../service/records.ts';
import { storageClassFrom } from '../service/storage-class.ts';
import { withAclProjection } from './acl-handlers.ts';
import type { ApiRequest } from './api-request.ts';
import { parseJsonObject, readJsonBody } from './body.ts';
import { newObjectAccess } from './caller-identity.ts';
import { parseUploadRange } from './content-range.ts';
import { writeKey } from './customer-encryption.ts';
import type { HttpEnv } from './env.ts';
import { multipartBoundary, parseMultipart } from './multipart.ts';
import { json, type Reply } from './reply.ts';
import { objectResource } from './resources.ts';

export async function uploadHandler(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  const type =
    req.query.get('uploadType') ??
    (req.header('content-type')?.startsWith('multipart/') ? 'multipart' : 'media');
  // Fail fast (no bucket, a predefined ACL GCS refuses, a malformed encryption key) before
  // consuming a possibly huge body.
  const b = await requireBucket(env.ctx, bucket);
  const access = await newObjectAccess(env, req, 'predefinedAcl');
  newObjectAcl(b, access);
  writeKey(req);
  if (type === 'resumable') return startResumable(env, req, bucket, access);
  if (type === 'multipart') return multipartUpload(env, req, bucket, access);
  if (type === 'media') return mediaUpload(env, req, bucket, access);
  throw invalidArgument(`Unsupported uploadType '${type}'.`);
}

function nameFrom(req: ApiRequest, body?: Record<string, unknown>): string {
  const name = req.query.get('name') ?? body?.name;
  validateObjectName(name);
  return name;
}

/** Query `contentEncoding`, the fields in a metadata body, and the request's encryption key. */
function fieldsFrom(req: ApiRequest, body: Record<string, unknown>): ObjectMetadataFields {
  const fields = replaceFields(readFields(body));
  const enc = req.query.get('contentEncoding');
  if (enc && !fields.contentEncoding) fields.contentEncoding = enc;
  const key = writeKey(req);
  if (key) fields.customerEncryption = key;
  return fields;
}

function expectedFrom(body: Record<string, unknown>, req: ApiRequest): ExpectedHashes {
  const fromHeader = parseGoogHash(req.header('x-goog-hash'));
  return {
    crc32c: typeof body.crc32c === 'string' ? body.crc32c : fromHeader.crc32c,
    md5Hash: typeof body.md5Hash === 'string' ? body.md5Hash : fromHeader.md5Hash,
  };
}

async function mediaUpload(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  access: NewObjectAccess,
): Promise<Reply> {
  const name = nameFrom(req);
  const pre = parsePreconditions(req.query);
  checkPreconditions(await env.ctx.backend.getObject(bucket, name), pre);
  const fields = fieldsFrom(req, {});
  const ct = req.header('content-type');
  if (ct) fields.contentType = ct;
  const blob = await env.ctx.backend.writeBlob(req.raw);
  await verifyOrDrop(env, blob, expectedFrom({}, req));
  const rec = await finalizeObject(env.ctx, { bucket, name, blob, fields, pre, access });
  return json(await withAclProjection(env, req, objectResource(rec, req.baseUrl), rec));
}

async function multipartUpload(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  access: NewObjectAccess,
): Promise<Reply> {
  const boundary = multipartBoundary(req.header('content-type'));
  const parts = await parseMultipart(req.raw, boundary);
  const meta = parseJsonObject(parts.metadata);
  const name = nameFrom(req, meta);
  const pre = parsePreconditions(req.query);
  checkPreconditions(await env.ctx.backend.getObject(bucket, name), pre);
  const fields = fieldsFrom(req, meta);
  if (!fields.contentType && parts.mediaContentType) fields.contentType = parts.mediaContentType;
  const storageClass = storageClassFrom(meta);
  const blob = await env.ctx.backend.writeBlob(parts.media);
  await verifyOrDrop(env, blob, expectedFrom(meta, req));
  const rec = await finalizeObject(env.ctx, { bucket, name, blob, fields, pre, storageClass, access });
  return json(await withAclProjection(env, req, objectResource(rec, req.baseUrl), rec));
}

async function verifyOrDrop(
  env: HttpEnv,
  blob: Parameters<typeof verifyHashes>[0] & { blobId: string },
  e: ExpectedHashes,
) {
  try {
    verifyHashes(blob, e);
  } catch (err) {
    await env.ctx.backend.deleteBlob(blob.blobId);
    throw err;
  }
}

async function startResumable(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  access: NewObjectAccess,
): Promise<Reply> {
  const body = await readJsonBody(req);
  const name = nameFrom(req, body);
  const pre = parsePreconditions(req.query);
  checkPreconditions(await env.ctx.backend.getObject(bucket, name), pre);
  const fields = fieldsFrom(req, body);
  const ct = req.header('x-upload-content-type');
  if (ct && !fields.contentType) fields.contentType = ct;
  const len = req.header('x-upload-content-length');
  const total = len ? parseInteger(len, 'X-Upload-Content-Length') : undefined;
  const declared = expectedFrom(body, req);
  const expected = declared.crc32c || declared.md5Hash ? declared : undefined;
  const id = await env.sessions.create({
    bucket,
    name,
    fields,
    pre,
    total,
    expected,
    storageClass: storageClassFrom(body),
    access,
  });
  const location = `${req.baseUrl}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${id}`;
  return { status: 200, headers: { location, 'x-guploader-uploadid': id, 'content-length': 0 } };
}

/** PUT (or POST) to a session URL: a chunk, the final bytes, or a `bytes *\/…` status query. */
export async function resumablePut(env: HttpEnv, req: ApiRequest, id: string): Promise<Reply> {
  const range = parseUploadRange(req.header('content-range'));
  const outcome = await env.sessions.put(id, range, req.raw, parseGoogHash(req.header('x-goog-hash')));
  if (outcome.done) {
    return json(
      await withAclProjection(env, req, objectResource(outcome.object, req.baseUrl), outcome.object),
    );
  }
  const headers: Record<string, string | number> = { 'content-length': 0 };
  if (outcome.persisted > 0) headers.range = `bytes=0-${outcome.persisted - 1}`;
  // Clients that cannot take a non-redirect 308 (Go) ask for 200 + an override header instead.
  if (req.header('x-guploader-no-308')?.toLowerCase() === 'yes') {
    return { status: 200, headers: { ...headers, 'x-http-status-code-override': '308' } };
  }
  return { status: 308, headers };
}

export async function resumableCancel(env: HttpEnv, _req: ApiRequest, id: string): Promise<Reply> {
  await env.sessions.cancel(id);
  return { status: 499, headers: { 'content-length': 0 } };
}
