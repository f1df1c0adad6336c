// JSON API handlers for `projects/{project}/hmacKeys`: create (the only answer carrying the
// secret), list with paging, get, update of `state`, delete (204).
import { invalidArgument } from '../../common/index.ts';
import { type ApiRequest, decodePart } from '../http/api-request.ts';
import { readJsonBody } from '../http/body.ts';
import type { HttpEnv } from '../http/env.ts';
import type { ApiOperation } from '../http/faults.ts';
import { queryFlag } from '../http/query-bool.ts';
import { json, type Reply } from '../http/reply.ts';
import { etagOf, type HmacKey } from './hmac-keys.ts';

const PATH = /^\/projects\/([^/]+)\/hmacKeys(?:\/([^/]+))?\/?$/;

function metadata(key: HmacKey, baseUrl: string) {
  return {
    kind: 'storage#hmacKeyMetadata',
    id: `${key.projectId}/${key.accessId}`,
    selfLink: `${baseUrl}/storage/v1/projects/${key.projectId}/hmacKeys/${key.accessId}`,
    accessId: key.accessId,
    projectId: key.projectId,
    serviceAccountEmail: key.serviceAccountEmail,
    state: key.state,
    timeCreated: new Date(key.created).toISOString(),
    updated: new Date(key.updated).toISOString(),
    etag: etagOf(key),
  };
}

/** The operation for an hmacKeys path, or undefined for any other path. */
export function resolveHmacKeys(env: HttpEnv, req: ApiRequest): ApiOperation | undefined {
  const m = PATH.exec(req.path);
  if (!m) return undefined;
  const project = decodePart(m[1]!);
  const keys = env.signing.hmac;
  const op = (method: string, handle: () => Promise<Reply>): ApiOperation => ({
    method,
    target: undefined,
    handle,
  });
  if (m[2] === undefined) {
    if (req.method === 'POST') {
      return op('hmacKey.create', async () => {
        const email = req.query.get('serviceAccountEmail');
        if (!email) throw invalidArgument('Required parameter: serviceAccountEmail', { reason: 'required' });
        const key = keys.create(project, email);
        return json({ kind: 'storage#hmacKey', metadata: metadata(key, req.baseUrl), secret: key.secret });
      });
    }
    if (req.method === 'GET') return op('hmacKey.list', async () => list(env, req, project));
    return undefined;
  }
  const accessId = decodePart(m[2]);
  switch (req.method) {
    case 'GET':
      return op('hmacKey.get', async () => json(metadata(keys.get(project, accessId), req.baseUrl)));
    case 'PUT':
      return op('hmacKey.update', async () => {
        const body = await readJsonBody(req);
        const etag = typeof body.etag === 'string' ? body.etag : undefined;
        return json(metadata(keys.setState(project, accessId, body.state, etag), req.baseUrl));
      });
    case 'DELETE':
      return op('hmacKey.delete', async () => {
        keys.delete(project, accessId);
        return { status: 204, headers: { 'content-length': 0 } };
      });
    default:
      return undefined;
  }
}

function list(env: HttpEnv, req: ApiRequest, project: string): Reply {
  const all = env.signing.hmac
    .list(project, {
      serviceAccountEmail: req.query.get('serviceAccountEmail') ?? undefined,
      showDeleted: queryFlag(req.query, 'showDeletedKeys'),
    })
    .sort((a, b) => (a.accessId < b.accessId ? -1 : 1));
  const max = Math.max(1, Math.min(Number(req.query.get('maxResults') ?? 250) || 250, 250));
  const token = req.query.get('pageToken');
  const start = token ? all.findIndex((k) => k.accessId > token) : 0;
  const page = start < 0 ? [] : all.slice(start, start + max);
  const more = start >= 0 && start + max < all.length;
  return json({
    kind: 'storage#hmacKeysMetadata',
    items: page.map((k) => metadata(k, req.baseUrl)),
    ...(more ? { nextPageToken: page[page.length - 1]!.accessId } : {}),
  });
}
