// XML API object writes a signed URL may authorize: `PUT /BUCKET/OBJECT` (the body becomes the
// object, Content-Type and x-goog-meta-* kept) and `DELETE /BUCKET/OBJECT` (204).

import type { ApiRequest } from '../http/api-request.ts';
import { keyHeaders, writeKey } from '../http/customer-encryption.ts';
import type { HttpEnv } from '../http/env.ts';
import type { Reply } from '../http/reply.ts';
import { requireBucket } from '../service/buckets.ts';
import { checkCustomMetadataSize } from '../service/object-fields.ts';
import { deleteObject, finalizeObject } from '../service/objects.ts';
import type { ObjectMetadataFields, ObjectRecord } from '../service/records.ts';

/** `x-goog-meta-NAME: value` headers as custom metadata. */
function customMetadata(req: ApiRequest): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.raw.headers)) {
    if (name.startsWith('x-goog-meta-') && typeof value === 'string') out[name.slice(12)] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

export function xmlWriteHeaders(rec: ObjectRecord): Record<string, string | number> {
  const hash = rec.md5Hash ? `crc32c=${rec.crc32c},md5=${rec.md5Hash}` : `crc32c=${rec.crc32c}`;
  const md5Hex = rec.md5Hash ? Buffer.from(rec.md5Hash, 'base64').toString('hex') : String(rec.generation);
  return {
    etag: `"${md5Hex}"`,
    'x-goog-generation': String(rec.generation),
    'x-goog-metageneration': String(rec.metageneration),
    'x-goog-hash': hash,
    'x-goog-stored-content-length': String(rec.size),
    'x-goog-stored-content-encoding': rec.contentEncoding ?? 'identity',
    ...keyHeaders(rec.customerEncryption),
    'content-length': 0,
  };
}

/**
 * The object fields an XML API write takes from its headers (a PUT, a resumable start or a
 * multipart initiate),
 * including a customer-supplied encryption key.
 */
export function xmlObjectFields(req: ApiRequest): ObjectMetadataFields {
  const fields: ObjectMetadataFields = {};
  const key = writeKey(req);
  if (key) fields.customerEncryption = key;
  const type = req.header('content-type');
  if (type) fields.contentType = type;
  for (const [header, field] of [
    ['content-disposition', 'contentDisposition'],
    ['content-encoding', 'contentEncoding'],
    ['content-language', 'contentLanguage'],
    ['cache-control', 'cacheControl'],
    ['x-goog-custom-time', 'customTime'],
  ] as const) {
    const value = req.header(header);
    if (value) fields[field] = value;
  }
  const metadata = customMetadata(req);
  checkCustomMetadataSize(metadata);
  if (metadata) fields.metadata = metadata;
  return fields;
}

export async function putXmlObject(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  await requireBucket(env.ctx, bucket);
  const fields = xmlObjectFields(req);
  const blob = await env.ctx.backend.writeBlob(req.raw);
  const rec = await finalizeObject(env.ctx, { bucket, name, blob, fields, pre: {} });
  return { status: 200, headers: xmlWriteHeaders(rec) };
}

export async function deleteXmlObject(env: HttpEnv, bucket: string, name: string): Promise<Reply> {
  await deleteObject(env.ctx, bucket, name, undefined, {});
  return { status: 204, headers: { 'content-length': 0 } };
}
