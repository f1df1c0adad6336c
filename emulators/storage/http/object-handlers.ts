// objects.get/list/patch/update/delete over HTTP (metadata only; bytes are in download/upload).

import { prepareObjectAcl } from '../service/acl-entries.ts';
import { requireBucket } from '../service/buckets.ts';
import { readHolds } from '../service/holds.ts';
import type { ListQuery } from '../service/listing.ts';
import { listObjects } from '../service/listing.ts';
import { listFolders } from '../service/managed-folders.ts';
import { readFields } from '../service/object-fields.ts';
import { deleteObject, getObject, updateMetadata } from '../service/objects.ts';
import { parseInteger, parsePreconditions } from '../service/preconditions.ts';
import { retentionExpirationTime } from '../service/retention.ts';
import { withAclProjection } from './acl-handlers.ts';
import type { ApiRequest } from './api-request.ts';
import { readJsonBody } from './body.ts';
import type { HttpEnv } from './env.ts';
import { etagNotModified } from './etag-match.ts';
import { queryBool, queryFlag } from './query-bool.ts';
import { json, type Reply } from './reply.ts';
import { objectResource } from './resources.ts';
import { getSoftDeletedHandler } from './soft-delete-handlers.ts';

export function generationParam(req: ApiRequest, name = 'generation'): number | undefined {
  const raw = req.query.get(name);
  return raw ? parseInteger(raw, name) : undefined;
}

export async function getObjectHandler(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  if (queryFlag(req.query, 'softDeleted')) return getSoftDeletedHandler(env, req, bucket, name);
  const rec = await getObject(
    env.ctx,
    bucket,
    name,
    generationParam(req),
    parsePreconditions(req.query),
    true,
  );
  const resource = objectResource(rec, req.baseUrl);
  const expires = retentionExpirationTime(await requireBucket(env.ctx, bucket), rec);
  if (expires) resource.retentionExpirationTime = expires;
  // If-Match / If-None-Match against the metadata etag, as GCS answers objects.get.
  const etag = String(resource.etag);
  if (etagNotModified(req, etag)) return { status: 304, headers: { etag } };
  return json(await withAclProjection(env, req, resource, rec));
}

export async function updateObjectHandler(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
  mode: 'patch' | 'update',
): Promise<Reply> {
  const body = await readJsonBody(req);
  const generation = generationParam(req);
  const target = { kind: 'object' as const, bucket, object: name, generation };
  const storeAcl = await prepareObjectAcl(env.ctx, target, body, req.query.get('predefinedAcl') || undefined);
  let rec = await updateMetadata(
    env.ctx,
    { bucket, name, generation },
    readFields(body),
    mode,
    parsePreconditions(req.query),
    readHolds(body),
    queryFlag(req.query, 'overrideUnlockedRetention'),
  );
  if (storeAcl) {
    await storeAcl();
    rec = await getObject(env.ctx, bucket, name, rec.generation);
  }
  return json(await withAclProjection(env, req, objectResource(rec, req.baseUrl), rec));
}

export async function deleteObjectHandler(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  name: string,
): Promise<Reply> {
  await deleteObject(env.ctx, bucket, name, generationParam(req), parsePreconditions(req.query));
  return { status: 204 };
}

export async function listObjectsHandler(env: HttpEnv, req: ApiRequest, bucket: string): Promise<Reply> {
  const q = req.query;
  const str = (k: string) => q.get(k) || undefined;
  const max = str('maxResults');
  const query: ListQuery = {
    prefix: str('prefix'),
    delimiter: str('delimiter'),
    startOffset: str('startOffset'),
    endOffset: str('endOffset'),
    versions: queryFlag(q, 'versions'),
    maxResults: max ? Math.max(1, parseInteger(max, 'maxResults')) : undefined,
    pageToken: str('pageToken'),
    matchGlob: str('matchGlob'),
    includeTrailingDelimiter: queryFlag(q, 'includeTrailingDelimiter'),
  };
  const withFolders = queryBool(q, 'includeFoldersAsPrefixes') === true;
  query.softDeleted = queryFlag(q, 'softDeleted');
  const page = await listObjects(env.ctx, bucket, query);
  // Managed folders count as prefixes when asked, with the `/` delimiter only (as GCS documents);
  // they are merged into the first page.
  if (withFolders && query.delimiter === '/' && !query.pageToken) {
    page.prefixes = await withFolderPrefixes(env, bucket, query.prefix ?? '', page.prefixes);
  }
  const out: Record<string, unknown> = { kind: 'storage#objects' };
  if (page.items.length > 0) out.items = page.items.map((o) => objectResource(o, req.baseUrl));
  if (page.prefixes.length > 0) out.prefixes = page.prefixes;
  if (page.nextPageToken) out.nextPageToken = page.nextPageToken;
  return json(out);
}

/** `prefixes` plus the managed folders one level below `prefix`, sorted and without repeats. */
async function withFolderPrefixes(env: HttpEnv, bucket: string, prefix: string, prefixes: string[]) {
  const all = new Set(prefixes);
  for (const { name } of await listFolders(env.ctx, bucket, prefix)) {
    all.add(prefix + name.slice(prefix.length).split('/')[0] + '/');
  }
  return [...all].sort((a, z) => Buffer.compare(Buffer.from(a), Buffer.from(z)));
}
