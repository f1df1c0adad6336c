// REST paths of the SchemaService (`/v1/projects/P/schemas...`) and of IAMPolicy
// (`/v1/{resource}:getIamPolicy|setIamPolicy|testIamPermissions`); undefined for other paths.
import { decodePathSegment, notFound } from '../../common/index.ts';

type Body = Record<string, unknown>;
export interface SchemaIamRoute {
  service: 'schema' | 'iam';
  rpc: string;
  request: Body;
}

const IAM =
  /^\/v1\/(projects\/[^/:]+\/(?:topics|subscriptions|snapshots|schemas)\/[^/:]+):(getIamPolicy|setIamPolicy|testIamPermissions)$/;
const SCHEMAS =
  /^\/v1\/projects\/([^/:]+)\/schemas(?::(validate|validateMessage)|\/([^/:]+)(?::([A-Za-z]+))?)?$/;
const IAM_RPC: Record<string, string> = {
  getIamPolicy: 'GetIamPolicy',
  setIamPolicy: 'SetIamPolicy',
  testIamPermissions: 'TestIamPermissions',
};

export function schemaIamRoute(method: string, pathname: string, query: URLSearchParams, body: Body) {
  const iam = IAM.exec(pathname);
  if (iam) {
    const rpc = IAM_RPC[iam[2]!]!;
    if (method !== 'POST' && !(method === 'GET' && rpc === 'GetIamPolicy')) throw noRoute(method, pathname);
    return at('iam', rpc, { ...body, resource: decode(iam[1]!) });
  }
  const m = SCHEMAS.exec(pathname);
  if (!m) return undefined;
  const [, project, collectionAction, idRaw, action] = m;
  const parent = `projects/${decode(project!)}`;
  const view = query.get('view') ?? undefined;
  const list = {
    pageSize: Number(query.get('pageSize') ?? 0),
    pageToken: query.get('pageToken') ?? '',
    view,
  };
  if (collectionAction) {
    if (method !== 'POST') throw noRoute(method, pathname);
    return at('schema', collectionAction === 'validate' ? 'ValidateSchema' : 'ValidateMessage', {
      ...body,
      parent,
    });
  }
  if (!idRaw) {
    if (method === 'GET') return at('schema', 'ListSchemas', { parent, ...list });
    if (method === 'POST') {
      return at('schema', 'CreateSchema', { parent, schema: body, schemaId: query.get('schemaId') ?? '' });
    }
    throw noRoute(method, pathname);
  }
  const name = `${parent}/schemas/${decode(idRaw)}`;
  if (!action) {
    if (method === 'GET') return at('schema', 'GetSchema', { name, view });
    if (method === 'DELETE') return at('schema', 'DeleteSchema', { name });
    throw noRoute(method, pathname);
  }
  if (action === 'listRevisions' && method === 'GET')
    return at('schema', 'ListSchemaRevisions', { name, ...list });
  if (action === 'commit' && method === 'POST') return at('schema', 'CommitSchema', { ...body, name });
  if (action === 'rollback' && method === 'POST') return at('schema', 'RollbackSchema', { ...body, name });
  if (action === 'deleteRevision' && method === 'DELETE') {
    return at('schema', 'DeleteSchemaRevision', { name, revisionId: query.get('revisionId') ?? '' });
  }
  throw noRoute(method, pathname);
}

const at = (service: 'schema' | 'iam', rpc: string, request: Body): SchemaIamRoute => ({
  service,
  rpc,
  request,
});
const noRoute = (method: string, pathname: string) => notFound(`No REST route for ${method} ${pathname}`);

const decode = decodePathSegment;
