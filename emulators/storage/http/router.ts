// Maps (method, surface, path) to a handler. Object names are taken from the raw path so an
// encoded `/` (%2F) and action suffixes like `/copyTo/b/…` cannot be confused.
import { DevkitError, invalidArgument, notFound } from '../../common/index.ts';
import { type ApiRequest, decodePart } from './api-request.ts';
import * as buckets from './bucket-handlers.ts';
import { downloadObject } from './download-handler.ts';
import type { HttpEnv } from './env.ts';
import * as notifications from './notification-handlers.ts';
import * as objects from './object-handlers.ts';
import { parseFields } from './partial-response.ts';
import type { Reply } from './reply.ts';
import * as transfers from './transfer-handlers.ts';
import * as uploads from './upload-handlers.ts';

const methodNotAllowed = (req: ApiRequest) =>
  new DevkitError('INVALID_ARGUMENT', `Method ${req.method} is not supported for ${req.path}.`, {
    httpStatus: 405,
    reason: 'methodNotAllowed',
  });

export async function route(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  if (req.malformed) throw invalidArgument(req.malformed);
  // A bad `fields` selection is refused before anything changes, not after.
  const fields = req.query.get('fields');
  if (fields) parseFields(fields);
  const m = /^\/b(?:\/([^/]+)(?:\/(o|notificationConfigs)(?:\/(.+))?)?)?\/?$/.exec(req.path);
  if (!m) return routeXmlRead(env, req);
  const method = req.method;
  if (!m[1]) {
    if (method === 'GET') return buckets.listBucketsHandler(env, req);
    if (method === 'POST') return buckets.insertBucket(env, req);
    throw methodNotAllowed(req);
  }
  const bucket = decodePart(m[1]);
  if (!m[2]) {
    if (method === 'GET') return buckets.getBucket(env, req, bucket);
    if (method === 'PATCH') return buckets.patchBucketHandler(env, req, bucket, 'patch');
    if (method === 'PUT') return buckets.patchBucketHandler(env, req, bucket, 'update');
    if (method === 'DELETE') return buckets.deleteBucketHandler(env, req, bucket);
    throw methodNotAllowed(req);
  }
  if (m[2] === 'notificationConfigs') return routeNotifications(env, req, bucket, m[3]);
  if (m[3] === undefined) return routeCollection(env, req, bucket);
  return routeObject(env, req, bucket, m[3]);
}

function routeNotifications(env: HttpEnv, req: ApiRequest, bucket: string, id: string | undefined) {
  if (id === undefined) {
    if (req.method === 'GET') return notifications.listNotificationsHandler(env, req, bucket);
    if (req.method === 'POST') return notifications.insertNotification(env, req, bucket);
  } else {
    const decoded = decodePart(id);
    if (req.method === 'GET') return notifications.getNotificationHandler(env, req, bucket, decoded);
    if (req.method === 'DELETE') return notifications.deleteNotificationHandler(env, req, bucket, decoded);
  }
  throw methodNotAllowed(req);
}

function routeCollection(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  const uploadId = req.query.get('upload_id');
  if (uploadId) {
    if (req.method === 'PUT' || req.method === 'POST') return uploads.resumablePut(env, req, uploadId);
    if (req.method === 'DELETE') return uploads.resumableCancel(env, req, uploadId);
    throw methodNotAllowed(req);
  }
  if (req.method === 'GET') return objects.listObjectsHandler(env, req, bucket);
  if (req.method === 'POST' && (req.surface === 'upload' || req.query.has('uploadType'))) {
    return uploads.uploadHandler(env, req, bucket);
  }
  throw methodNotAllowed(req);
}

function routeObject(env: HttpEnv, req: ApiRequest, bucket: string, rawName: string): Promise<Reply> {
  if (req.method === 'POST') {
    const transfer = /^(.+?)\/(copyTo|rewriteTo)\/b\/([^/]+)\/o\/(.+)$/.exec(rawName);
    if (transfer) {
      const names = {
        srcBucket: bucket,
        srcName: decodePart(transfer[1]!),
        destBucket: decodePart(transfer[3]!),
        destName: decodePart(transfer[4]!),
      };
      return transfer[2] === 'copyTo'
        ? transfers.copyHandler(env, req, names)
        : transfers.rewriteHandler(env, req, names);
    }
    const move = /^(.+?)\/moveTo\/o\/(.+)$/.exec(rawName);
    if (move) {
      const names = {
        srcBucket: bucket,
        srcName: decodePart(move[1]!),
        destBucket: bucket,
        destName: decodePart(move[2]!),
      };
      return transfers.moveHandler(env, req, names);
    }
    const compose = /^(.+)\/compose$/.exec(rawName);
    if (compose) return transfers.composeHandler(env, req, bucket, decodePart(compose[1]!));
    throw methodNotAllowed(req);
  }
  const name = decodePart(rawName);
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      return req.query.get('alt') === 'media' || req.surface === 'download'
        ? downloadObject(env, req, bucket, name)
        : objects.getObjectHandler(env, req, bucket, name);
    case 'PATCH':
      return objects.updateObjectHandler(env, req, bucket, name, 'patch');
    case 'PUT':
      return objects.updateObjectHandler(env, req, bucket, name, 'update');
    case 'DELETE':
      return objects.deleteObjectHandler(env, req, bucket, name);
    default:
      throw methodNotAllowed(req);
  }
}

/**
 * `GET /BUCKET/OBJECT`: the XML-API style media read that the Go client uses by default (its
 * reads do not go through the JSON API unless WithJSONReads is set).
 */
function routeXmlRead(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  const m = /^\/([^/]+)\/(.+)$/.exec(req.path);
  if (req.surface !== 'json' || !m || (req.method !== 'GET' && req.method !== 'HEAD')) {
    throw notFound(`Not Found: ${req.path.slice(0, 200)}`);
  }
  return downloadObject(env, req, decodePart(m[1]!), decodePart(m[2]!));
}
