// The REST mapping of google.cloud.tasks.v2 (`/v2/projects/*/locations/*/queues...`), as the
// official clients' REST fallback sends it: each route becomes the RPC's request message, runs
// through the same table as gRPC, and the reply goes back as proto3 JSON.
import type protobuf from 'protobufjs';
import { DevkitError, decodePathSegment, parseJsonObjectBody } from '../../common/index.ts';
import { tasksRoot } from '../wire/load-protos.ts';
import { fromJson, toJson } from '../wire/proto-json.ts';

const LOC = /^projects\/[^/]+\/locations\/[^/]+$/;
const QUEUE = /^projects\/[^/]+\/locations\/[^/]+\/queues\/[^/:]+$/;
const TASK = /^projects\/[^/]+\/locations\/[^/]+\/queues\/[^/:]+\/tasks\/[^/:]+$/;

type Build = (
  name: string,
  query: Record<string, string>,
  body: Record<string, unknown>,
) => Record<string, unknown>;

interface Route {
  method: string;
  /** What the path names once `suffix` is cut off. */
  resource: RegExp;
  suffix: string;
  rpc: string;
  build: Build;
}

const r = (method: string, resource: RegExp, suffix: string, rpc: string, build: Build): Route => ({
  method,
  resource,
  suffix,
  rpc,
  build,
});

const ROUTES: Route[] = [
  r('GET', LOC, '/queues', 'ListQueues', (n, q) => ({ ...q, parent: n })),
  r('POST', LOC, '/queues', 'CreateQueue', (n, _q, b) => ({ parent: n, queue: b })),
  r('GET', QUEUE, '', 'GetQueue', (n, q) => ({ ...q, name: n })),
  r('PATCH', QUEUE, '', 'UpdateQueue', (n, q, b) => ({ ...q, queue: { ...b, name: n } })),
  r('DELETE', QUEUE, '', 'DeleteQueue', (n) => ({ name: n })),
  r('POST', QUEUE, ':purge', 'PurgeQueue', (n, _q, b) => ({ ...b, name: n })),
  r('POST', QUEUE, ':pause', 'PauseQueue', (n, _q, b) => ({ ...b, name: n })),
  r('POST', QUEUE, ':resume', 'ResumeQueue', (n, _q, b) => ({ ...b, name: n })),
  r('GET', QUEUE, '/tasks', 'ListTasks', (n, q) => ({ ...q, parent: n })),
  r('POST', QUEUE, '/tasks', 'CreateTask', (n, _q, b) => ({ ...b, parent: n })),
  r('GET', TASK, '', 'GetTask', (n, q) => ({ ...q, name: n })),
  r('DELETE', TASK, '', 'DeleteTask', (n) => ({ name: n })),
  r('POST', TASK, ':run', 'RunTask', (n, _q, b) => ({ ...b, name: n })),
  r('POST', QUEUE, ':getIamPolicy', 'GetIamPolicy', (n, _q, b) => ({ ...b, resource: n })),
  r('POST', QUEUE, ':setIamPolicy', 'SetIamPolicy', (n, _q, b) => ({ ...b, resource: n })),
  r('POST', QUEUE, ':testIamPermissions', 'TestIamPermissions', (n, _q, b) => ({ ...b, resource: n })),
];

/**
 * google.cloud.location.Locations, not served: 501 rather than 404. The v2 client's REST fallback
 * sends it under gax's default `/v1/` prefix; Google's REST reference has `/v2/`.
 */
const LOCATIONS = /^\/v[12]\/projects\/[^/]+\/locations(\/[^/]+)?$/;

/** Query parameters that are transport options, not request fields. */
const TRANSPORT = new Set(['$alt', 'alt', 'key', 'prettyPrint', '$prettyPrint', 'fields', '$fields']);

/** A Google method the emulator does not serve: UNIMPLEMENTED (HTTP 501), as on gRPC. */
export const unimplemented = (method: string) =>
  new DevkitError('UNIMPLEMENTED', `${method} is not implemented by the emulator`);

export interface RestCall {
  rpc: string;
  request: Record<string, unknown>;
  /** The reply as proto3 JSON. */
  reply(result: unknown): unknown;
}

/** The RPC a REST request names, or undefined when no route matches. Throws INVALID_ARGUMENT. */
export function matchRest(
  method: string,
  path: string,
  query: URLSearchParams,
  text: string,
): RestCall | undefined {
  if (method === 'GET' && LOCATIONS.test(path)) throw unimplemented('Locations');
  if (!path.startsWith('/v2/')) return undefined;
  const rest = decodePathSegment(path.slice(4));
  const found = ROUTES.find(
    (x) =>
      x.method === method &&
      rest.endsWith(x.suffix) &&
      x.resource.test(rest.slice(0, rest.length - x.suffix.length)),
  );
  if (!found) return undefined;
  const q: Record<string, string> = {};
  for (const [k, v] of query) if (!TRANSPORT.has(k)) q[k] = v;
  const rpc = tasksRoot().lookupService('google.cloud.tasks.v2.CloudTasks').methods[
    found.rpc
  ] as protobuf.Method;
  rpc.resolve();
  const reqType = rpc.resolvedRequestType as protobuf.Type;
  const resType = rpc.resolvedResponseType as protobuf.Type;
  const name = rest.slice(0, rest.length - found.suffix.length);
  const request = fromJson(reqType, found.build(name, q, parseBody(text)));
  return { rpc: found.rpc, request, reply: (result) => toJson(resType, result as Record<string, unknown>) };
}

const parseBody = parseJsonObjectBody;
