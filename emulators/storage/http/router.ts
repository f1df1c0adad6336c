// Maps (method, surface, path) to a JSON API operation and runs it, after the fault check.
// Object names are taken from the raw path so an encoded `/` (%2F) and action suffixes like
// `/copyTo/b/…` cannot be confused.
import { DevkitError, invalidArgument, notFound } from '../../common/index.ts';
import { routeSigning } from '../signing/signing-routes.ts';
import { runInstruction } from '../testbench/apply.ts';
import { instructionFor, isRetryAdmin, retryAdmin } from '../testbench/retry-admin.ts';
import { asXml, resolveMultipart } from '../xml/index.ts';
import { resolveAcl } from './acl-handlers.ts';
import { type ApiRequest, decodePart } from './api-request.ts';
import * as buckets from './bucket-handlers.ts';
import { downloadObject } from './download-handler.ts';
import type { HttpEnv } from './env.ts';
import { resolveExtra } from './extra-routes.ts';
import { type ApiOperation, faultAdmin, injectFaults, isFaultAdmin } from './faults.ts';
import * as notifications from './notification-handlers.ts';
import * as objects from './object-handlers.ts';
import { parseFields } from './partial-response.ts';
import type { Reply } from './reply.ts';
import * as softDelete from './soft-delete-handlers.ts';
import * as transfers from './transfer-handlers.ts';
import * as uploads from './upload-handlers.ts';

const methodNotAllowed = (req: ApiRequest) =>
  new DevkitError('INVALID_ARGUMENT', `Method ${req.method} is not supported for ${req.path}.`, {
    httpStatus: 405,
    reason: 'methodNotAllowed',
  });

const op = (method: string, target: string | undefined, handle: () => Promise<Reply>): ApiOperation => ({
  method,
  target,
  handle,
});

export async function route(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  if (req.malformed) throw invalidArgument(req.malformed);
  if (isFaultAdmin(req)) return faultAdmin(env.faults, req);
  if (isRetryAdmin(req)) return retryAdmin(env.retryTests, req);
  // Key admin, /token, POST policy forms, and the signature check of V4 signed URLs.
  const signed = routeSigning(env, req);
  if (signed) return signed;
  // A bad `fields` selection is refused before anything changes, not after.
  const fields = req.query.get('fields');
  if (fields) parseFields(fields);
  const operation = resolve(env, req);
  const instruction = instructionFor(env.retryTests, req, operation.method);
  if (instruction) return runInstruction(instruction, req, operation.handle);
  if (!env.faults.idle) await injectFaults(env.faults, operation);
  return operation.handle();
}

/** The one place a request gets its JSON API method id and fault target. */
function resolve(env: HttpEnv, req: ApiRequest): ApiOperation {
  const kept = /^\/b\/([^/]+)\/restore$/.exec(req.path);
  if (kept && req.method === 'POST') {
    const name = decodePart(kept[1]!);
    return op('buckets.restore', name, () => softDelete.restoreBucketHandler(env, req, name));
  }
  const m = /^\/b(?:\/([^/]+)(?:\/(o|notificationConfigs)(?:\/(.+))?)?)?\/?$/.exec(req.path);
  if (!m) return resolveExtra(env, req) ?? routeXmlRead(env, req);
  const method = req.method;
  if (!m[1]) {
    if (method === 'GET') return op('buckets.list', undefined, () => buckets.listBucketsHandler(env, req));
    if (method === 'POST') return op('buckets.insert', undefined, () => buckets.insertBucket(env, req));
    throw methodNotAllowed(req);
  }
  const bucket = decodePart(m[1]);
  if (!m[2]) {
    if (method === 'GET') return op('buckets.get', bucket, () => buckets.getBucket(env, req, bucket));
    if (method === 'PATCH') {
      return op('buckets.patch', bucket, () => buckets.patchBucketHandler(env, req, bucket, 'patch'));
    }
    if (method === 'PUT') {
      return op('buckets.update', bucket, () => buckets.patchBucketHandler(env, req, bucket, 'update'));
    }
    if (method === 'DELETE')
      return op('buckets.delete', bucket, () => buckets.deleteBucketHandler(env, req, bucket));
    throw methodNotAllowed(req);
  }
  if (m[2] === 'notificationConfigs') return routeNotifications(env, req, bucket, m[3]);
  if (m[3] === undefined) return routeCollection(env, req, bucket);
  return routeObject(env, req, bucket, m[3]);
}

function routeNotifications(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  id: string | undefined,
): ApiOperation {
  if (id === undefined) {
    if (req.method === 'GET') {
      return op('notifications.list', bucket, () => notifications.listNotificationsHandler(env, req, bucket));
    }
    if (req.method === 'POST') {
      return op('notifications.insert', bucket, () => notifications.insertNotification(env, req, bucket));
    }
  } else {
    const decoded = decodePart(id);
    if (req.method === 'GET') {
      return op('notifications.get', bucket, () =>
        notifications.getNotificationHandler(env, req, bucket, decoded),
      );
    }
    if (req.method === 'DELETE') {
      return op('notifications.delete', bucket, () =>
        notifications.deleteNotificationHandler(env, req, bucket, decoded),
      );
    }
  }
  throw methodNotAllowed(req);
}

function routeCollection(env: HttpEnv, req: ApiRequest, bucket: string): ApiOperation {
  const uploadId = req.query.get('upload_id');
  // Upload requests name the object in the query (our session URLs always do); a multipart body
  // is not read before the fault check, so without `name` the target is the bucket alone.
  const name = req.query.get('name');
  const target = name === null ? bucket : `${bucket}/${name}`;
  if (uploadId) {
    // Every request of a resumable upload is part of GCS's objects.insert.
    if (req.method === 'PUT' || req.method === 'POST') {
      return op('objects.insert', target, () => uploads.resumablePut(env, req, uploadId));
    }
    if (req.method === 'DELETE') {
      return op('objects.insert', target, () => uploads.resumableCancel(env, req, uploadId));
    }
    throw methodNotAllowed(req);
  }
  if (req.method === 'GET')
    return op('objects.list', bucket, () => objects.listObjectsHandler(env, req, bucket));
  if (req.method === 'POST' && (req.surface === 'upload' || req.query.has('uploadType'))) {
    return op('objects.insert', target, () => uploads.uploadHandler(env, req, bucket));
  }
  throw methodNotAllowed(req);
}

/** Copy, rewrite and move are named by their source, compose by its destination (the path's object). */
function routeObject(env: HttpEnv, req: ApiRequest, bucket: string, rawName: string): ApiOperation {
  // Clients encode `/` in object names, so a literal `/acl` suffix is the object ACL collection.
  const acl = /^(.+?)\/acl(\/[^/]+)?$/.exec(rawName);
  if (acl) {
    return resolveAcl(env, req, { kind: 'object', bucket, object: decodePart(acl[1]!) }, acl[2]?.slice(1));
  }
  if (req.method === 'POST') {
    const transfer = /^(.+?)\/(copyTo|rewriteTo)\/b\/([^/]+)\/o\/(.+)$/.exec(rawName);
    if (transfer) {
      const names = {
        srcBucket: bucket,
        srcName: decodePart(transfer[1]!),
        destBucket: decodePart(transfer[3]!),
        destName: decodePart(transfer[4]!),
      };
      const source = `${bucket}/${names.srcName}`;
      return transfer[2] === 'copyTo'
        ? op('objects.copy', source, () => transfers.copyHandler(env, req, names))
        : op('objects.rewrite', source, () => transfers.rewriteHandler(env, req, names));
    }
    const move = /^(.+?)\/moveTo\/o\/(.+)$/.exec(rawName);
    if (move) {
      const names = {
        srcBucket: bucket,
        srcName: decodePart(move[1]!),
        destBucket: bucket,
        destName: decodePart(move[2]!),
      };
      return op('objects.move', `${bucket}/${names.srcName}`, () => transfers.moveHandler(env, req, names));
    }
    const restore = /^(.+)\/restore$/.exec(rawName);
    if (restore) {
      const name = decodePart(restore[1]!);
      return op('objects.restore', `${bucket}/${name}`, () =>
        softDelete.restoreHandler(env, req, bucket, name),
      );
    }
    const compose = /^(.+)\/compose$/.exec(rawName);
    if (compose) {
      const dest = decodePart(compose[1]!);
      return op('objects.compose', `${bucket}/${dest}`, () =>
        transfers.composeHandler(env, req, bucket, dest),
      );
    }
    throw methodNotAllowed(req);
  }
  const name = decodePart(rawName);
  const target = `${bucket}/${name}`;
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      // Media downloads are objects.get with alt=media in GCS too.
      return req.query.get('alt') === 'media' || req.surface === 'download'
        ? op('objects.get', target, () => downloadObject(env, req, bucket, name))
        : op('objects.get', target, () => objects.getObjectHandler(env, req, bucket, name));
    case 'PATCH':
      return op('objects.patch', target, () => objects.updateObjectHandler(env, req, bucket, name, 'patch'));
    case 'PUT':
      return op('objects.update', target, () =>
        objects.updateObjectHandler(env, req, bucket, name, 'update'),
      );
    case 'DELETE':
      return op('objects.delete', target, () => objects.deleteObjectHandler(env, req, bucket, name));
    default:
      throw methodNotAllowed(req);
  }
}

/**
 * `GET /BUCKET/OBJECT`: the XML-API style media read that the Go client uses by default (its
 * reads do not go through the JSON API unless WithJSONReads is set).
 */
function routeXmlRead(env: HttpEnv, req: ApiRequest): ApiOperation {
  const multipart = resolveMultipart(env, req);
  if (multipart) return multipart;
  const m = /^\/([^/]+)\/(.+)$/.exec(req.path);
  if (req.surface !== 'json' || !m || (req.method !== 'GET' && req.method !== 'HEAD')) {
    throw notFound(`Not Found: ${req.path.slice(0, 200)}`);
  }
  const bucket = decodePart(m[1]!);
  const name = decodePart(m[2]!);
  // An XML API read fails as the XML API does (`NoSuchKey`, `PreconditionFailed`, …).
  return op('objects.get', `${bucket}/${name}`, () => asXml(() => downloadObject(env, req, bucket, name)));
}
