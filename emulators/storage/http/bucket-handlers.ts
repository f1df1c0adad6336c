// buckets.insert/get/list/patch/update/delete over HTTP: translate, call, render.

import { invalidArgument } from '../../common/index.ts';
import { aclFromBody } from '../service/acl-entries.ts';
import { asSoftDeleted, getKeptBucket, listSoftDeletedBuckets } from '../service/bucket-soft-delete.ts';
import { createBucket, deleteBucket, listBuckets, patchBucket, requireBucket } from '../service/buckets.ts';
import { parseInteger, parsePreconditions } from '../service/preconditions.ts';
import { withAclProjection } from './acl-handlers.ts';
import type { ApiRequest } from './api-request.ts';
import { readJsonBody } from './body.ts';
import type { HttpEnv } from './env.ts';
import { queryFlag } from './query-bool.ts';
import { json, type Reply } from './reply.ts';
import { bucketResource } from './resources.ts';

const aclsFrom = (req: ApiRequest, body: Record<string, unknown>) => ({
  predefinedAcl: req.query.get('predefinedAcl') || undefined,
  predefinedDefaultObjectAcl: req.query.get('predefinedDefaultObjectAcl') || undefined,
  acl: aclFromBody('bucket', body.acl),
  defaultObjectAcl: aclFromBody('object', body.defaultObjectAcl),
});

export async function insertBucket(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  const body = await readJsonBody(req);
  const project = req.query.get('project') || env.ctx.project;
  const bucket = await createBucket(env.ctx, body, project, {
    objectRetention: queryFlag(req.query, 'enableObjectRetention'),
    ...aclsFrom(req, body),
  });
  return json(await withAclProjection(env, req, bucketResource(bucket, req.baseUrl), undefined, bucket));
}

export async function listBucketsHandler(env: HttpEnv, req: ApiRequest): Promise<Reply> {
  const max = req.query.get('maxResults');
  const limit = max ? Math.max(1, parseInteger(max, 'maxResults')) : 1000;
  const after = req.query.get('pageToken') ?? '';
  const prefix = req.query.get('prefix') ?? '';
  // softDeleted=true lists the soft-deleted buckets instead of the live ones.
  const source = queryFlag(req.query, 'softDeleted')
    ? await listSoftDeletedBuckets(env.ctx, prefix)
    : await listBuckets(env.ctx, prefix);
  const all = source.filter((b) => b.name > after);
  const page = all.slice(0, limit);
  const out: Record<string, unknown> = {
    kind: 'storage#buckets',
    items: page.map((b) => bucketResource(b, req.baseUrl)),
  };
  if (all.length > limit) out.nextPageToken = page[page.length - 1]!.name;
  return json(out);
}

export async function getBucket(env: HttpEnv, req: ApiRequest, name: string): Promise<Reply> {
  if (queryFlag(req.query, 'softDeleted')) {
    const generation = req.query.get('generation');
    if (!generation) throw invalidArgument('Required parameter: generation', { reason: 'required' });
    const kept = asSoftDeleted(await getKeptBucket(env.ctx, name, generation));
    return json(bucketResource(kept, req.baseUrl));
  }
  const bucket = await requireBucket(env.ctx, name);
  return json(await withAclProjection(env, req, bucketResource(bucket, req.baseUrl), undefined, bucket));
}

export async function patchBucketHandler(
  env: HttpEnv,
  req: ApiRequest,
  name: string,
  mode: 'patch' | 'update',
): Promise<Reply> {
  const body = await readJsonBody(req);
  const bucket = await patchBucket(
    env.ctx,
    name,
    body,
    parsePreconditions(req.query),
    mode,
    aclsFrom(req, body),
  );
  return json(await withAclProjection(env, req, bucketResource(bucket, req.baseUrl), undefined, bucket));
}

export async function deleteBucketHandler(env: HttpEnv, req: ApiRequest, name: string): Promise<Reply> {
  await deleteBucket(env.ctx, name, parsePreconditions(req.query));
  return { status: 204 };
}
