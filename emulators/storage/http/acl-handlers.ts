// bucketAccessControls, defaultObjectAccessControls and objectAccessControls over HTTP:
// `…/acl[/{entity}]`, `…/defaultObjectAcl[/{entity}]`, `…/o/{object}/acl[/{entity}]`.
import { DevkitError } from '../../common/index.ts';
import { type AclKind, objectOwner, readEntry, uniformAccess } from '../service/acl.ts';
import {
  type AclTarget,
  aclEntryNotFound,
  currentAcl,
  deleteEntry,
  insertEntry,
  readAcl,
  replaceEntry,
} from '../service/acl-entries.ts';
import { requireBucket } from '../service/buckets.ts';
import type { AclEntry, BucketRecord, ObjectRecord } from '../service/records.ts';
import { type ApiRequest, decodePart } from './api-request.ts';
import { readJsonBody } from './body.ts';
import type { HttpEnv } from './env.ts';
import type { ApiOperation } from './faults.ts';
import { generationParam } from './object-handlers.ts';
import { json, type Reply } from './reply.ts';

const IDS: Record<AclKind, string> = {
  bucket: 'bucket_acl',
  defaultObject: 'default_object_acl',
  object: 'object_acl',
};

function entryResource(t: AclTarget, e: AclEntry, generation?: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: t.kind === 'bucket' ? 'storage#bucketAccessControl' : 'storage#objectAccessControl',
    id: [t.bucket, t.object, generation, e.entity].filter((x) => x !== undefined).join('/'),
    bucket: t.bucket,
    entity: e.entity,
    role: e.role,
    etag: Buffer.from(`${e.entity}/${e.role}`).toString('base64'),
  };
  if (t.object !== undefined) {
    out.object = t.object;
    out.generation = String(generation);
  }
  const team = /^project-(owners|editors|viewers)-(.+)$/.exec(e.entity);
  if (team) out.projectTeam = { projectNumber: team[2], team: team[1] };
  const who = /^(user|group)-(.+@.+)$/.exec(e.entity);
  if (who) out.email = who[2];
  if (e.entity.startsWith('domain-')) out.domain = e.entity.slice(7);
  return out;
}

const notAllowed = (req: ApiRequest) =>
  new DevkitError('INVALID_ARGUMENT', `Method ${req.method} is not supported for ${req.path}.`, {
    httpStatus: 405,
    reason: 'methodNotAllowed',
  });

/** The operation for an ACL path; `rawEntity` undefined = the collection. */
export function resolveAcl(
  env: HttpEnv,
  req: ApiRequest,
  base: Omit<AclTarget, 'generation'>,
  rawEntity: string | undefined,
): ApiOperation {
  const t: AclTarget = { ...base, generation: base.object === undefined ? undefined : generationParam(req) };
  const entity = rawEntity === undefined ? undefined : decodePart(rawEntity);
  const target = t.object === undefined ? t.bucket : `${t.bucket}/${t.object}`;
  const op = (verb: string, handle: () => Promise<Reply>): ApiOperation => ({
    method: `${IDS[t.kind]}.${verb}`,
    target,
    handle,
  });
  const one = (r: { entries: AclEntry[]; generation?: number }, name: string) => {
    const e = r.entries.find((x) => x.entity === name);
    if (!e) throw aclEntryNotFound(name);
    return json(entryResource(t, e, r.generation));
  };
  const read = async () => {
    const r = await readAcl(env.ctx, t);
    return { entries: r.entries, generation: r.object?.generation };
  };
  if (entity === undefined) {
    if (req.method === 'GET') {
      return op('list', async () => {
        const r = await read();
        const kind = t.kind === 'bucket' ? 'storage#bucketAccessControls' : 'storage#objectAccessControls';
        return json({ kind, items: r.entries.map((e) => entryResource(t, e, r.generation)) });
      });
    }
    if (req.method === 'POST') {
      return op('insert', async () => {
        const entry = readEntry(t.kind, await readJsonBody(req));
        return one(await insertEntry(env.ctx, t, entry), entry.entity);
      });
    }
    throw notAllowed(req);
  }
  switch (req.method) {
    case 'GET':
      return op('get', async () => one(await read(), entity));
    case 'PATCH':
    case 'PUT':
      return op(req.method === 'PUT' ? 'update' : 'patch', async () => {
        const entry = readEntry(t.kind, await readJsonBody(req), entity);
        return one(await replaceEntry(env.ctx, t, entry), entity);
      });
    case 'DELETE':
      return op('delete', async () => {
        await deleteEntry(env.ctx, t, entity);
        return { status: 204 };
      });
    default:
      throw notAllowed(req);
  }
}

/**
 * `projection=full`: the resource with its `acl` (and a bucket's `defaultObjectAcl`) and `owner`
 * (a bucket's project owners, an object's uploader), as GCS adds them; nothing is added under
 * uniform bucket-level access.
 */
export async function withAclProjection(
  env: HttpEnv,
  req: ApiRequest,
  resource: Record<string, unknown>,
  object?: ObjectRecord,
  bucketRec?: BucketRecord,
): Promise<Record<string, unknown>> {
  if (req.query.get('projection') !== 'full') return resource;
  const b = bucketRec ?? (await requireBucket(env.ctx, String(resource.bucket ?? resource.name)));
  if (uniformAccess(b)) return resource;
  const owner = { entity: `project-owners-${b.project}` };
  if (object) {
    const t: AclTarget = { kind: 'object', bucket: b.name, object: object.name };
    const acl = currentAcl('object', b, object).map((e) => entryResource(t, e, object.generation));
    return { ...resource, acl, owner: { entity: objectOwner(object, b.project) } };
  }
  const render = (kind: AclKind) =>
    currentAcl(kind, b).map((e) => entryResource({ kind, bucket: b.name }, e));
  return { ...resource, acl: render('bucket'), defaultObjectAcl: render('defaultObject'), owner };
}
