// Maps v1 REST paths (`/v1/projects/P/topics/T:publish`, ...) to the RPC they stand for and the
// request object that RPC expects, merging path, query and JSON body.
import { decodePathSegment, notFound } from '../../common/index.ts';
import { schemaIamRoute } from './schema-iam-routes.ts';

export interface Route {
  service: 'publisher' | 'subscriber' | 'schema' | 'iam';
  rpc: string;
  request: Record<string, unknown>;
}

const PATH =
  /^\/v1\/projects\/([^/:]+)\/(topics|subscriptions|snapshots)(?:\/([^/:]+)(?::([A-Za-z]+)|\/(subscriptions|snapshots))?)?$/;

type Body = Record<string, unknown>;

export function route(method: string, pathname: string, query: URLSearchParams, body: Body): Route {
  const schemaOrIam = schemaIamRoute(method, pathname, query, body);
  if (schemaOrIam) return schemaOrIam;
  const m = PATH.exec(pathname);
  if (!m) throw notFound(`No REST route for ${method} ${pathname}`);
  const [, projectRaw, collection, idRaw, action, sub] = m;
  const project = decode(projectRaw!);
  const list = {
    pageSize: Number(query.get('pageSize') ?? 0),
    pageToken: query.get('pageToken') ?? '',
  };
  if (!idRaw) {
    if (method !== 'GET') throw methodError(method, pathname);
    const rpc = { topics: 'ListTopics', subscriptions: 'ListSubscriptions', snapshots: 'ListSnapshots' }[
      collection!
    ]!;
    return {
      service: rpc === 'ListTopics' ? 'publisher' : 'subscriber',
      rpc,
      request: { project: `projects/${project}`, ...list },
    };
  }
  const name = `projects/${project}/${collection}/${decode(idRaw)}`;
  if (collection === 'topics') {
    if (sub && method === 'GET') {
      const rpc = sub === 'subscriptions' ? 'ListTopicSubscriptions' : 'ListTopicSnapshots';
      return { service: 'publisher', rpc, request: { topic: name, ...list } };
    }
    if (action === 'publish' && method === 'POST') return pub('Publish', { ...body, topic: name });
    if (action || sub) throw methodError(method, pathname);
    if (method === 'PUT') return pub('CreateTopic', { ...body, name });
    if (method === 'GET') return pub('GetTopic', { topic: name });
    if (method === 'DELETE') return pub('DeleteTopic', { topic: name });
    if (method === 'PATCH') return pub('UpdateTopic', { ...body, topic: { ...asBody(body.topic), name } });
    throw methodError(method, pathname);
  }
  if (collection === 'subscriptions') {
    const req = { ...body, subscription: name };
    if (action && method === 'POST') {
      const rpc = SUB_ACTIONS[action];
      if (!rpc) throw methodError(method, pathname);
      return rpc === 'DetachSubscription' ? pub(rpc, req) : subr(rpc, req);
    }
    if (action || sub) throw methodError(method, pathname);
    if (method === 'PUT') return subr('CreateSubscription', { ...body, name });
    if (method === 'GET') return subr('GetSubscription', { subscription: name });
    if (method === 'DELETE') return subr('DeleteSubscription', { subscription: name });
    if (method === 'PATCH') {
      return subr('UpdateSubscription', { ...body, subscription: { ...asBody(body.subscription), name } });
    }
    throw methodError(method, pathname);
  }
  if (action || sub) throw methodError(method, pathname);
  if (method === 'PUT') return subr('CreateSnapshot', { ...body, name });
  if (method === 'GET') return subr('GetSnapshot', { snapshot: name });
  if (method === 'DELETE') return subr('DeleteSnapshot', { snapshot: name });
  if (method === 'PATCH')
    return subr('UpdateSnapshot', { ...body, snapshot: { ...asBody(body.snapshot), name } });
  throw methodError(method, pathname);
}

const SUB_ACTIONS: Record<string, string> = {
  pull: 'Pull',
  acknowledge: 'Acknowledge',
  modifyAckDeadline: 'ModifyAckDeadline',
  modifyPushConfig: 'ModifyPushConfig',
  seek: 'Seek',
  detach: 'DetachSubscription',
};

const pub = (rpc: string, request: Body): Route => ({ service: 'publisher', rpc, request });
const subr = (rpc: string, request: Body): Route => ({ service: 'subscriber', rpc, request });
const asBody = (v: unknown): Body => (typeof v === 'object' && v !== null ? (v as Body) : {});

const decode = decodePathSegment;

function methodError(method: string, pathname: string) {
  return notFound(`No REST route for ${method} ${pathname}`);
}
