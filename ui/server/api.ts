// The dashboard's JSON API as plain functions over a request: reads fan out to the emulators'
// public surfaces, actions forward to them. Testable without sockets or a browser.
import { DevkitError, HTTP_STATUS, toDevkitError } from '../../emulators/common/index.ts';
import type { Backends } from './backends.ts';
import { armFault, disarmFault, faultsOverview } from './faults-view.ts';
import * as pubsub from './pubsub-view.ts';
import { advanceClock, jobAction, schedulerOverview } from './scheduler-view.ts';
import * as storage from './storage-view.ts';
import { tasksOverview } from './tasks-view.ts';
import type { WorkflowView } from './workflow-view.ts';

export interface UiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
  contentType: string;
}

export interface UiResponse {
  status: number;
  json?: unknown;
  bytes?: Buffer;
  headers?: Record<string, string>;
}

export interface ApiDeps {
  backends: Backends;
  workflow?: { read(): Promise<WorkflowView>; close(): Promise<unknown> };
}

/** Every section of the page at once; a service that is down shows its error, not a broken page. */
export async function overview(deps: ApiDeps) {
  const b = deps.backends;
  const section = async (present: unknown, read: () => Promise<unknown>) =>
    present ? read().catch((err: Error) => ({ error: err.message })) : undefined;
  const [ps, st, sc, ta, wf, fa] = await Promise.all([
    section(b.pubsub, () => pubsub.pubsubOverview(b)),
    section(b.storage, () => storage.storageOverview(b)),
    section(b.scheduler, () => schedulerOverview(b)),
    section(b.tasks, () => tasksOverview(b)),
    section(deps.workflow, () => deps.workflow!.read()),
    faultsOverview(b),
  ]);
  return { project: b.project, pubsub: ps, storage: st, scheduler: sc, tasks: ta, workflow: wf, faults: fa };
}

type Handler = (deps: ApiDeps, req: UiRequest) => Promise<unknown>;

const json = (req: UiRequest): Record<string, unknown> => {
  if (req.body.length === 0) return {};
  try {
    const parsed = JSON.parse(req.body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new DevkitError('INVALID_ARGUMENT', 'the request body must be a JSON object');
};

const GET: Record<string, Handler> = {
  '/api/overview': (d) => overview(d),
  '/api/pubsub/peek': (d, r) => pubsub.peek(d.backends, r.query),
  '/api/storage/objects': (d, r) => storage.listObjects(d.backends, r.query),
  '/api/storage/notifications': (d, r) => storage.notificationConfigs(d.backends, r.query),
};

const POST: Record<string, Handler> = {
  '/api/pubsub/publish': (d, r) => pubsub.publish(d.backends, json(r)),
  '/api/pubsub/pull': (d, r) => pubsub.pull(d.backends, json(r)),
  '/api/pubsub/ack': (d, r) => pubsub.ack(d.backends, json(r)),
  '/api/pubsub/nack': (d, r) => pubsub.nack(d.backends, json(r)),
  '/api/pubsub/seek': (d, r) => pubsub.seek(d.backends, json(r)),
  '/api/storage/upload': (d, r) => storage.upload(d.backends, r.query, r.body, r.contentType),
  '/api/scheduler/run': (d, r) => jobAction(d.backends, 'run', json(r)),
  '/api/scheduler/pause': (d, r) => jobAction(d.backends, 'pause', json(r)),
  '/api/scheduler/resume': (d, r) => jobAction(d.backends, 'resume', json(r)),
  '/api/clock/advance': (d, r) => advanceClock(d.backends, json(r)),
  '/api/faults/arm': (d, r) => armFault(d.backends, json(r)),
  '/api/faults/disarm': (d, r) => disarmFault(d.backends, json(r)),
};

/** The paths of every state-changing endpoint (the origin rule's test walks them all). */
export const ACTION_PATHS = Object.keys(POST);

export async function handleApi(deps: ApiDeps, req: UiRequest): Promise<UiResponse> {
  try {
    if (req.method === 'GET' && req.path === '/api/storage/download') {
      const file = await storage.download(deps.backends, req.query);
      return {
        status: 200,
        bytes: file.bytes,
        headers: {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.name.replace(/["\\\r\n]/g, '_')}"`,
        },
      };
    }
    const table = req.method === 'GET' ? GET : req.method === 'POST' ? POST : undefined;
    const handler = table?.[req.path];
    if (!handler) throw new DevkitError('NOT_FOUND', `no route ${req.method} ${req.path}`);
    return { status: 200, json: await handler(deps, req) };
  } catch (err) {
    const e = toDevkitError(err);
    const status = e.details.httpStatus ?? HTTP_STATUS[e.code];
    return { status, json: { error: { code: status, status: e.code, message: e.message } } };
  }
}
