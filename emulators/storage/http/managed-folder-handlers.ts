// managedFolders.insert/get/list/delete over HTTP; their IAM methods answer 501.
import { DevkitError } from '../../common/index.ts';
import { deleteFolder, getFolder, insertFolder, listFolders } from '../service/managed-folders.ts';
import { parseInteger, parsePreconditions } from '../service/preconditions.ts';
import type { ManagedFolderRecord } from '../service/records.ts';
import { type ApiRequest, decodePart } from './api-request.ts';
import { readJsonBody } from './body.ts';
import type { HttpEnv } from './env.ts';
import type { ApiOperation } from './faults.ts';
import { queryFlag } from './query-bool.ts';
import { json } from './reply.ts';

function folderResource(
  req: ApiRequest,
  bucket: string,
  f: { name: string; folder: ManagedFolderRecord },
): Record<string, unknown> {
  return {
    kind: 'storage#managedFolder',
    id: `${bucket}/${f.name}`,
    selfLink: `${req.baseUrl}/storage/v1/b/${bucket}/managedFolders/${encodeURIComponent(f.name)}`,
    name: f.name,
    bucket,
    createTime: new Date(f.folder.created).toISOString(),
    updateTime: new Date(f.folder.updated).toISOString(),
    metageneration: String(f.folder.metageneration),
  };
}

const unsupported = (req: ApiRequest, what: string) =>
  new DevkitError('UNIMPLEMENTED', `${req.method} ${what} is not implemented by this emulator.`, {
    httpStatus: req.method === 'GET' || req.method === 'PUT' ? 501 : 405,
    reason: req.method === 'GET' || req.method === 'PUT' ? 'notImplemented' : 'methodNotAllowed',
  });

/** The operation for `managedFolders[/{name}[/iam…]]` under a bucket (`rest` after `/b/B/`). */
export function resolveManagedFolders(
  env: HttpEnv,
  req: ApiRequest,
  bucket: string,
  rest: string,
): ApiOperation | undefined {
  const m = /^managedFolders(?:\/([^/]+)(\/iam.*)?)?$/.exec(rest);
  if (!m) return undefined;
  const op = (verb: string, handle: ApiOperation['handle']): ApiOperation => ({
    method: `managedFolders.${verb}`,
    target: bucket,
    handle,
  });
  if (m[2]) return op('iam', () => Promise.reject(unsupported(req, 'managed folder IAM policies')));
  if (m[1] === undefined) {
    if (req.method === 'POST') {
      return op('insert', async () => {
        const body = await readJsonBody(req);
        return json(folderResource(req, bucket, await insertFolder(env.ctx, bucket, body.name)));
      });
    }
    if (req.method !== 'GET') return op('list', () => Promise.reject(unsupported(req, 'managedFolders')));
    return op('list', async () => {
      const max = req.query.get('maxResults');
      const limit = max ? Math.min(1000, Math.max(1, parseInteger(max, 'maxResults'))) : 1000;
      const after = req.query.get('pageToken') ?? '';
      const all = (await listFolders(env.ctx, bucket, req.query.get('prefix') ?? '')).filter(
        (f) => !after || Buffer.compare(Buffer.from(f.name), Buffer.from(after)) > 0,
      );
      const page = all.slice(0, limit);
      const out: Record<string, unknown> = { kind: 'storage#managedFolders' };
      if (page.length > 0) out.items = page.map((f) => folderResource(req, bucket, f));
      if (all.length > limit) out.nextPageToken = page[page.length - 1]!.name;
      return json(out);
    });
  }
  const name = decodePart(m[1]);
  const pre = parsePreconditions(req.query);
  if (req.method === 'GET') {
    return op('get', async () =>
      json(folderResource(req, bucket, await getFolder(env.ctx, bucket, name, pre))),
    );
  }
  if (req.method === 'DELETE') {
    return op('delete', async () => {
      await deleteFolder(env.ctx, bucket, name, pre, queryFlag(req.query, 'allowNonEmpty'));
      return { status: 204 };
    });
  }
  return op('get', () => Promise.reject(unsupported(req, 'managedFolders/{name}')));
}
