// google.cloud.scheduler.v1.CloudScheduler over gRPC: loads the official protos, calls the service
// and translates every DevkitError to its gRPC status at this one edge.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { GRPC_STATUS, type Logger, toDevkitError } from '../../common/index.ts';
import type { SchedulerService } from '../run/scheduler-service.ts';
import { jobFromProto, jobToProto } from './grpc-codec.ts';

const require = createRequire(import.meta.url);

function protoDirs(): string[] {
  const scheduler = dirname(require.resolve('@google-cloud/scheduler/package.json'));
  // google-gax hides package.json behind "exports"; its main file sits in build/src.
  const gaxMain = require.resolve('google-gax', { paths: [scheduler] });
  const gax = gaxMain.slice(0, gaxMain.lastIndexOf(`${sep}build${sep}`));
  return [join(scheduler, 'build', 'protos'), join(gax, 'build', 'protos')];
}

let cached: grpc.ServiceDefinition | undefined;

/** Parsed once per process: the definition is immutable and parsing the protos takes a while. */
function loadService(): grpc.ServiceDefinition {
  if (cached) return cached;
  const def = protoLoader.loadSync('google/cloud/scheduler/v1/cloudscheduler.proto', {
    includeDirs: protoDirs(),
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  // biome-ignore lint/suspicious/noExplicitAny: generic package definition walk
  const pkg = grpc.loadPackageDefinition(def) as any;
  cached = pkg.google.cloud.scheduler.v1.CloudScheduler.service as grpc.ServiceDefinition;
  return cached;
}

// biome-ignore lint/suspicious/noExplicitAny: request messages are plain proto-loader objects
type Handler = (req: any) => unknown;

export function addSchedulerService(server: grpc.Server, service: SchedulerService, logger: Logger): void {
  const unary =
    (fn: Handler) =>
    (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      try {
        callback(null, fn(call.request));
      } catch (err) {
        const e = toDevkitError(err);
        if (e.code === 'INTERNAL') logger.error('scheduler rpc failed', { error: String(err) });
        callback({ code: GRPC_STATUS[e.code], details: e.message });
      }
    };
  server.addService(loadService(), {
    listJobs: unary((r) => {
      const page = service.listJobs(r.parent, r.pageSize, r.pageToken);
      return { jobs: page.jobs.map(jobToProto), nextPageToken: page.nextPageToken };
    }),
    getJob: unary((r) => jobToProto(service.getJob(r.name))),
    createJob: unary((r) => jobToProto(service.createJob(r.parent, jobFromProto(r.job)))),
    updateJob: unary((r) => jobToProto(service.updateJob(jobFromProto(r.job), r.updateMask?.paths))),
    deleteJob: unary((r) => {
      service.deleteJob(r.name);
      return {};
    }),
    pauseJob: unary((r) => jobToProto(service.pauseJob(r.name))),
    resumeJob: unary((r) => jobToProto(service.resumeJob(r.name))),
    runJob: unary((r) => jobToProto(service.runJob(r.name))),
  });
}
