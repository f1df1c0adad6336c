// HTTP side of XML API multipart uploads: initiate (`POST ?uploads`), upload a part
// (`PUT ?partNumber&uploadId`), complete (`POST ?uploadId`), abort (`DELETE ?uploadId`), list
// parts (`GET ?uploadId`) and list the bucket's uploads (`GET /BUCKET?uploads`).
import type { ApiRequest } from '../http/api-request.ts';
import { readSmallBody } from '../http/body.ts';
import { callerEmail } from '../http/caller-identity.ts';
import { customerKey, keyHeaders } from '../http/customer-encryption.ts';
import type { HttpEnv } from '../http/env.ts';
import type { Reply } from '../http/reply.ts';
import { cannedAcl, type NewObjectAccess, newObjectAcl } from '../service/acl.ts';
import { requireBucket } from '../service/buckets.ts';
import { parseGoogHash } from '../service/hash-check.ts';
import { validateObjectName } from '../service/names.ts';
import { checkObjectKey } from '../service/objects.ts';
import { storageClassFrom } from '../service/storage-class.ts';
import { xmlError } from '../signing/xml-error.ts';
import { xmlObjectFields } from '../signing/xml-object.ts';
import { MAX_PART_NUMBER, multipartStoreFor } from './multipart-store.ts';
import { NON_XML_CHAR, parseCompleteBody, xmlDocument } from './multipart-xml.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export async function initiateUpload(env: HttpEnv, req: ApiRequest, bucket: string, name: string) {
  const record = await requireBucket(env.ctx, bucket);
  validateObjectName(name);
  const storageClass = storageClassFrom({ storageClass: req.header('x-goog-storage-class') });
  const email = await callerEmail(env, req);
  const access: NewObjectAccess = {
    predefinedAcl: cannedAcl(req.header('x-goog-acl')),
    owner: email ? `user-${email}` : undefined,
  };
  // A canned ACL the bucket refuses fails here, before any part is sent.
  newObjectAcl(record, access);
  const upload = multipartStoreFor(env.ctx).create({
    bucket,
    name,
    fields: xmlObjectFields(req),
    storageClass,
    access,
  });
  return xmlDocument('InitiateMultipartUploadResult', { Bucket: bucket, Key: name, UploadId: upload.id });
}

export async function uploadPart(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
  uploadId: string,
): Promise<Reply> {
  const raw = req.query.get('partNumber') ?? '';
  const partNumber = /^\d{1,5}$/.test(raw) ? Number(raw) : 0;
  if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    return xmlError(400, 'InvalidArgument', 'Invalid argument.', {
      Details: `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive.`,
    });
  }
  const store = multipartStoreFor(env.ctx);
  const upload = store.get(uploadId, bucket, name);
  // Each part carries the key the upload was initiated with, as GCS asks.
  checkObjectKey(upload.fields.customerEncryption, customerKey(req));
  const declared = parseGoogHash(req.raw.headers['x-goog-hash']);
  const part = await store.putPart(upload, partNumber, req.raw, {
    md5Base64: req.header('content-md5') ?? declared.md5Hash,
    crc32c: declared.crc32c,
  });
  return {
    status: 200,
    headers: {
      etag: `"${part.md5Hex}"`,
      'x-goog-hash': `crc32c=${part.crc32c},md5=${part.md5Base64}`,
      'content-length': 0,
    },
  };
}

/** 10,000 parts of `<Part><PartNumber>…</PartNumber><ETag>"…"</ETag></Part>` fit well within this. */
const MAX_COMPLETE_BODY = 4 * 1024 * 1024;

export async function completeUpload(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
  uploadId: string,
): Promise<Reply> {
  const store = multipartStoreFor(env.ctx);
  const upload = store.get(uploadId, bucket, name);
  // "If you specified a customer-supplied encryption key in the request to initiate the multipart
  // upload, you must use the same headers and values in the request to complete the upload."
  checkObjectKey(upload.fields.customerEncryption, customerKey(req));
  const requested = parseCompleteBody((await readSmallBody(req, MAX_COMPLETE_BODY)).toString('utf8'));
  const { object, etag } = await store.complete(upload, requested);
  const path = `${encodeURIComponent(bucket)}/${name.split('/').map(encodeURIComponent).join('/')}`;
  return xmlDocument(
    'CompleteMultipartUploadResult',
    { Location: `${req.baseUrl}/${path}`, Bucket: bucket, Key: name, ETag: `"${etag}"` },
    {
      'x-goog-generation': String(object.generation),
      'x-goog-metageneration': String(object.metageneration),
      'x-goog-hash': `crc32c=${object.crc32c}`,
      'x-goog-stored-content-length': String(object.size),
      ...keyHeaders(object.customerEncryption),
    },
  );
}

export async function abortUpload(env: HttpEnv, bucket: string, name: string, uploadId: string) {
  const store = multipartStoreFor(env.ctx);
  await store.abort(store.get(uploadId, bucket, name));
  return { status: 204, headers: { 'content-length': 0 } };
}

/** A non-negative integer query parameter, else `fallback`; a malformed value is 400. */
function intParam(req: ApiRequest, key: string, fallback: number): number | Reply {
  const raw = req.query.get(key);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) {
    return xmlError(400, 'InvalidArgument', 'Invalid argument.', { Details: `Invalid ${key}: ${raw}` });
  }
  return Number(raw);
}

export async function listParts(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
  uploadId: string,
) {
  const upload = multipartStoreFor(env.ctx).get(uploadId, bucket, name);
  const max = intParam(req, 'max-parts', 1000);
  const marker = intParam(req, 'part-number-marker', 0);
  if (typeof max !== 'number') return max;
  if (typeof marker !== 'number') return marker;
  const after = [...upload.parts.values()]
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, Math.min(max, 1000));
  const truncated = after.length > page.length;
  return xmlDocument('ListPartsResult', {
    Bucket: bucket,
    Key: name,
    UploadId: upload.id,
    StorageClass: upload.storageClass ?? (await requireBucket(env.ctx, bucket)).storageClass,
    PartNumberMarker: marker,
    NextPartNumberMarker: truncated ? (page.at(-1)?.partNumber ?? marker) : undefined,
    MaxParts: max,
    IsTruncated: truncated,
    Part: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: iso(p.lastModified),
      ETag: `"${p.md5Hex}"`,
      Size: p.size,
    })),
  });
}

export async function listUploads(env: HttpEnv, req: ApiRequest, bucket: string) {
  const record = await requireBucket(env.ctx, bucket);
  const prefix = req.query.get('prefix') ?? '';
  const delimiter = req.query.get('delimiter') ?? '';
  const keyMarker = req.query.get('key-marker') ?? '';
  const idMarker = req.query.get('upload-id-marker') ?? '';
  // The listing echoes these in <Prefix>/<Delimiter>/<KeyMarker>, which cannot carry such a character.
  for (const [key, value] of [
    ['prefix', prefix],
    ['delimiter', delimiter],
    ['key-marker', keyMarker],
  ]) {
    if (NON_XML_CHAR.test(value!)) {
      return xmlError(400, 'InvalidArgument', 'Invalid argument.', {
        Details: `Invalid ${key}: it contains a character XML 1.0 does not allow.`,
      });
    }
  }
  const max = intParam(req, 'max-uploads', 1000);
  if (typeof max !== 'number') return max;
  const all = multipartStoreFor(env.ctx).inBucket(bucket);
  // Past the markers: later keys, or with an upload-id marker, later uploads of the marker key too.
  const markerAt = idMarker ? all.findIndex((u) => u.name === keyMarker && u.id === idMarker) : -1;
  const candidates = all.filter(
    (u, i) =>
      u.name.startsWith(prefix) &&
      (keyMarker === '' || u.name > keyMarker || (markerAt >= 0 && u.name === keyMarker && i > markerAt)),
  );
  const uploads: typeof all = [];
  const prefixes: string[] = [];
  let truncated = false;
  for (const u of candidates) {
    const cut = delimiter ? u.name.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? u.name.slice(0, cut + delimiter.length) : undefined;
    if (common !== undefined && prefixes.at(-1) === common) continue;
    if (uploads.length + prefixes.length >= Math.min(max, 1000)) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.push(common);
    else uploads.push(u);
  }
  const last = uploads.at(-1);
  return xmlDocument('ListMultipartUploadsResult', {
    Bucket: bucket,
    KeyMarker: keyMarker,
    UploadIdMarker: idMarker,
    NextKeyMarker: truncated ? (last?.name ?? prefixes.at(-1) ?? '') : '',
    NextUploadIdMarker: truncated ? (last?.id ?? '') : '',
    Delimiter: delimiter || undefined,
    Prefix: prefix || undefined,
    MaxUploads: max,
    IsTruncated: truncated,
    Upload: uploads.map((u) => ({
      Key: u.name,
      UploadId: u.id,
      StorageClass: u.storageClass ?? record.storageClass,
      Initiated: iso(u.initiated),
    })),
    CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
  });
}
