// Which XML API paths are multipart upload requests: `/BUCKET?uploads` and
// `/BUCKET/OBJECT?uploads|uploadId=…`, on the root (XML API) surface. Everything they answer,
// failures included, is XML.
import { type ApiRequest, decodePart } from '../http/api-request.ts';
import type { HttpEnv } from '../http/env.ts';
import type { ApiOperation } from '../http/faults.ts';
import type { Reply } from '../http/reply.ts';
import * as mpu from './multipart-handlers.ts';
import { asXml } from './xml-failure.ts';

// Named like a resumable upload's requests (all of them objects.insert), so fault rules and
// testbench instructions for uploads reach these too.
const op = (method: string, target: string, handle: () => Promise<Reply>): ApiOperation => ({
  method,
  target,
  handle: () => asXml(handle),
});

/** The multipart operation `req` asks for, or undefined when it is not one. */
export function resolveMultipart(env: HttpEnv, req: ApiRequest): ApiOperation | undefined {
  if (req.surface !== 'json') return undefined;
  const m = /^\/([^/]+)(?:\/(.+))?$/.exec(req.path);
  if (!m) return undefined;
  const bucket = decodePart(m[1]!);
  const uploadId = req.query.get('uploadId');
  if (m[2] === undefined || m[2] === '') {
    if (req.method === 'GET' && req.query.has('uploads') && uploadId === null) {
      return op('objects.list', bucket, () => mpu.listUploads(env, req, bucket));
    }
    return undefined;
  }
  const name = decodePart(m[2]);
  const target = `${bucket}/${name}`;
  if (uploadId === null) {
    if (req.method === 'POST' && req.query.has('uploads')) {
      return op('objects.insert', target, () => mpu.initiateUpload(env, req, bucket, name));
    }
    return undefined;
  }
  switch (req.method) {
    case 'PUT':
      return op('objects.insert', target, () => mpu.uploadPart(env, req, bucket, name, uploadId));
    case 'POST':
      return op('objects.insert', target, () => mpu.completeUpload(env, req, bucket, name, uploadId));
    case 'DELETE':
      return op('objects.insert', target, () => mpu.abortUpload(env, bucket, name, uploadId));
    case 'GET':
      return op('objects.list', target, () => mpu.listParts(env, req, bucket, name, uploadId));
    default:
      return undefined;
  }
}
