// Resumable uploads through a signed URL (Google's XML API "resumable upload"): a signed
// `POST /BUCKET/OBJECT` with `x-goog-resumable: start` opens a session (201, `Location`), and the
// session URI `/BUCKET/OBJECT?upload_id=ID` takes the bytes unsigned, on the JSON API's sessions.
import type { ApiRequest } from '../http/api-request.ts';
import type { HttpEnv } from '../http/env.ts';
import type { Reply } from '../http/reply.ts';
import { resumableCancel, resumablePut } from '../http/upload-handlers.ts';
import { requireBucket } from '../service/buckets.ts';
import { validateObjectName } from '../service/names.ts';
import { checkPreconditions, parseXmlPreconditions } from '../service/preconditions.ts';
import { xmlObjectFields } from './xml-object.ts';

const XML_OBJECT_PATH = /^\/([^/]+)\/(.+)$/;

/** True for the start request of a signed resumable upload (checked once its signature holds). */
export const isResumableStart = (req: ApiRequest) =>
  req.method === 'POST' && req.header('x-goog-resumable')?.trim().toLowerCase() === 'start';

/**
 * True for a request to an XML session URI. JSON API paths (`/b/…`) never match: GCS bucket names
 * are at least 3 characters, so `b` is not one.
 */
export function isXmlSessionRequest(req: ApiRequest): boolean {
  return (
    req.surface === 'json' &&
    (req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE') &&
    !!req.query.get('upload_id') &&
    !req.path.startsWith('/b/') &&
    XML_OBJECT_PATH.test(req.path)
  );
}

/**
 * Opens a session for `bucket`/`name`: the object's fields come from the start request's headers
 * (Content-Type, Cache-Control, …, x-goog-meta-*); the total is learnt from the last PUT's range.
 */
export async function startXmlResumable(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  await requireBucket(env.ctx, bucket);
  validateObjectName(name);
  const pre = parseXmlPreconditions((name) => req.header(name));
  checkPreconditions(await env.ctx.backend.getObject(bucket, name), pre);
  const id = await env.sessions.create({ bucket, name, fields: xmlObjectFields(req), pre });
  const [, rawBucket, rawName] = XML_OBJECT_PATH.exec(req.path)!;
  return {
    status: 201,
    headers: {
      location: `${req.baseUrl}/${rawBucket}/${rawName}?upload_id=${id}`,
      'x-guploader-uploadid': id,
      'content-length': 0,
    },
  };
}

/** A PUT (chunk, final bytes or `bytes *\/…` status query) or DELETE (cancel, 499) to a session URI. */
export function xmlSessionRequest(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  const id = req.query.get('upload_id')!;
  return req.method === 'DELETE' ? resumableCancel(env, req, id) : resumablePut(env, req, id);
}
