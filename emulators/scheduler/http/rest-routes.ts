// The REST mapping of google.cloud.scheduler.v1 (`/v1/projects/*/locations/*/jobs...`) on the
// scheduler port, as a plain function over a request; undefined when no route matches.
import { DevkitError, decodePathSegment, parseJsonObjectBody } from '../../common/index.ts';
import type { SchedulerService } from '../run/scheduler-service.ts';
import { nextScheduleTimes } from '../state/cron.ts';
import type { AdminRequest, AdminResponse } from './admin-http.ts';
import { jobFromJson, jobToJson } from './json-codec.ts';

const COLLECTION = /^\/v1\/(projects\/[^/]+\/locations\/[^/]+)\/jobs$/;
/** google.cloud.location.Locations (ListLocations, GetLocation): real REST routes, not served here. */
const LOCATIONS = /^\/v1\/projects\/[^/]+\/locations(?:\/[^/]+)?$/;
const ITEM = /^\/v1\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/:]+)(?::(pause|resume|run))?$/;

export interface RestRequest extends AdminRequest {
  query: URLSearchParams;
}

const body = (req: RestRequest) => parseJsonObjectBody(req.body ?? '');

/** Runs the call for a REST route; DevkitErrors propagate to the caller's error edge. */
export function routeRest(req: RestRequest, service: SchedulerService): AdminResponse | undefined {
  const ok = (json: unknown): AdminResponse => ({ status: 200, json });
  const collection = COLLECTION.exec(req.path);
  if (collection) {
    const parent = decodePathSegment(collection[1] as string);
    if (req.method === 'GET') {
      const pageSize = Number(req.query.get('pageSize') ?? 0);
      const page = service.listJobs(parent, pageSize, req.query.get('pageToken') ?? '');
      return ok({
        jobs: page.jobs.map(jobToJson),
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      });
    }
    if (req.method === 'POST') return ok(jobToJson(service.createJob(parent, jobFromJson(body(req)))));
    return undefined;
  }
  // Not a Google route: the dashboard's view of every job, whatever its project and location.
  if (req.path === '/_devkit/scheduler/jobs' && req.method === 'GET') {
    const now = service.now();
    return ok({
      now: new Date(now).toISOString(),
      jobs: service.allJobs().map((job) => ({
        ...jobToJson(job),
        nextRuns: nextScheduleTimes(job.schedule, job.timeZone, now, 3).map((t) => new Date(t).toISOString()),
      })),
    });
  }
  if (LOCATIONS.test(req.path) && req.method === 'GET') {
    throw new DevkitError(
      'UNIMPLEMENTED',
      'google.cloud.location.Locations is not implemented by the emulator',
    );
  }
  const item = ITEM.exec(req.path);
  if (!item) return undefined;
  const name = decodePathSegment(item[1] as string);
  const verb = item[2];
  if (req.method === 'POST' && verb === 'pause') return ok(jobToJson(service.pauseJob(name)));
  if (req.method === 'POST' && verb === 'resume') return ok(jobToJson(service.resumeJob(name)));
  if (req.method === 'POST' && verb === 'run') return ok(jobToJson(service.runJob(name)));
  if (verb) return undefined;
  if (req.method === 'GET') return ok(jobToJson(service.getJob(name)));
  if (req.method === 'DELETE') {
    service.deleteJob(name);
    return ok({});
  }
  if (req.method === 'PATCH') {
    const mask = req.query.get('updateMask')?.split(',').filter(Boolean);
    return ok(jobToJson(service.updateJob({ ...jobFromJson(body(req)), name }, mask)));
  }
  return undefined;
}
