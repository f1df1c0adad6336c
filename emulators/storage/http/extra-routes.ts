// JSON API routes beyond buckets/objects/notifications: bucket IAM, the project service account,
// bucket ACLs (`acl`, `defaultObjectAcl`, in acl-handlers.ts), and every other JSON API path,
// which answers 501 instead of reaching the XML reads.
import { DevkitError } from '../../common/index.ts';
import { lockRetentionPolicy } from '../service/buckets.ts';
import { parsePreconditions } from '../service/preconditions.ts';
import { resolveHmacKeys } from '../signing/hmac-handlers.ts';
import { resolveAcl } from './acl-handlers.ts';
import { type ApiRequest, decodePart } from './api-request.ts';
import type { HttpEnv } from './env.ts';
import type { ApiOperation } from './faults.ts';
import * as iam from './iam-handlers.ts';
import { resolveManagedFolders } from './managed-folder-handlers.ts';
import { json } from './reply.ts';
import { bucketResource } from './resources.ts';

const op = (method: string, target: string | undefined, handle: ApiOperation['handle']): ApiOperation => ({
  method,
  target,
  handle,
});

const notImplemented = (what: string) =>
  new DevkitError('UNIMPLEMENTED', `${what} is not implemented by this emulator.`, {
    httpStatus: 501,
    reason: 'notImplemented',
  });

/** The operation for a JSON API path the main router does not know; `undefined` = not JSON API. */
export function resolveExtra(env: HttpEnv, req: ApiRequest): ApiOperation | undefined {
  const sa = /^\/projects\/([^/]+)\/serviceAccount\/?$/.exec(req.path);
  if (sa && req.method === 'GET') {
    const project = decodePart(sa[1]!);
    return op('serviceaccount.get', undefined, () => iam.serviceAccountHandler(env, req, project));
  }
  if (/^\/projects\/[^/]+\/hmacKeys(\/|$)/.test(req.path)) {
    return (
      resolveHmacKeys(env, req) ??
      op('hmacKey.unknown', undefined, () =>
        Promise.reject(notImplemented(`${req.method} ${req.path.slice(0, 100)}`)),
      )
    );
  }
  const m = /^\/b\/([^/]+)\/(.+?)\/?$/.exec(req.path);
  if (!m) return undefined;
  const bucket = decodePart(m[1]!);
  const rest = m[2]!;
  if (rest === 'iam' && req.method === 'GET') {
    return op('buckets.getIamPolicy', bucket, () => iam.getIamHandler(env, req, bucket));
  }
  if (rest === 'iam' && req.method === 'PUT') {
    return op('buckets.setIamPolicy', bucket, () => iam.setIamHandler(env, req, bucket));
  }
  if (rest === 'iam/testPermissions' && req.method === 'GET') {
    return op('buckets.testIamPermissions', bucket, () => iam.testIamHandler(env, req, bucket));
  }
  if (rest === 'lockRetentionPolicy' && req.method === 'POST') {
    return op('buckets.lockRetentionPolicy', bucket, async () =>
      json(
        bucketResource(
          await lockRetentionPolicy(env.ctx, bucket, parsePreconditions(req.query)),
          req.baseUrl,
        ),
      ),
    );
  }
  const folders = resolveManagedFolders(env, req, bucket, rest);
  if (folders) return folders;
  const acl = /^(acl|defaultObjectAcl)(?:\/([^/]+))?$/.exec(rest);
  if (acl) {
    return resolveAcl(env, req, { kind: acl[1] === 'acl' ? 'bucket' : 'defaultObject', bucket }, acl[2]);
  }
  const label = rest.split('/')[0]!.slice(0, 60);
  return op(`buckets.${label}`, bucket, () =>
    Promise.reject(notImplemented(`${req.method} /b/{bucket}/${label}`)),
  );
}
