// Soft-deleted objects over HTTP: objects.get with `softDeleted=true` (generation required) and
// objects.restore (`POST …/o/{object}/restore?generation=`), and buckets.restore
// (`POST /b/{bucket}/restore?generation=`).
import { invalidArgument } from '../../common/index.ts';
import { asSoftDeleted, restoreBucket } from '../service/bucket-soft-delete.ts';
import { parsePreconditions } from '../service/preconditions.ts';
import { getSoftDeleted, restoreObject } from '../service/restore.ts';
import type { ApiRequest } from './api-request.ts';
import type { HttpEnv } from './env.ts';
import { generationParam } from './object-handlers.ts';
import { queryBool } from './query-bool.ts';
import { json, type Reply } from './reply.ts';
import { bucketResource, objectResource } from './resources.ts';

function requiredGeneration(req: ApiRequest): number {
  const generation = generationParam(req);
  if (generation === undefined) {
    throw invalidArgument('Required parameter: generation', { reason: 'required' });
  }
  return generation;
}

export async function getSoftDeletedHandler(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  const rec = await getSoftDeleted(env.ctx, bucket, name, requiredGeneration(req));
  return json(objectResource(rec, req.baseUrl));
}

export async function restoreHandler(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  const generation = requiredGeneration(req);
  // Without copySourceAcl the restored object has the bucket's default object ACL.
  const copyAcl = queryBool(req.query, 'copySourceAcl') === true;
  const rec = await restoreObject(
    env.ctx,
    { bucket, name, generation },
    parsePreconditions(req.query),
    copyAcl,
  );
  return json(objectResource(rec, req.baseUrl));
}

export async function restoreBucketHandler(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  const generation = req.query.get('generation');
  if (!generation) throw invalidArgument('Required parameter: generation', { reason: 'required' });
  const restored = await restoreBucket(env.ctx, bucket, generation);
  return json(bucketResource(asSoftDeleted(restored), req.baseUrl));
}
