// google.cloud.tasks.v2.CloudTasks over gRPC: calls the service and translates every DevkitError
// to its gRPC status at this one edge; fault rules may fail or delay any RPC first.
import type * as grpc from '@grpc/grpc-js';
import { type DevkitError, GRPC_STATUS, type Logger, toDevkitError } from '../../common/index.ts';
import { type FaultInjector, faultError } from '../../faults/index.ts';
import type { TasksService } from '../run/tasks-service.ts';
import { queueFromProto, queueToProto, taskFromProto, taskToProto, viewOf } from '../wire/codec.ts';
import { cloudTasksService } from '../wire/load-protos.ts';

// biome-ignore lint/suspicious/noExplicitAny: request messages are plain proto-loader objects
type Handler = (req: any) => unknown;

/** One place for the fault check every RPC makes (gRPC and REST alike). */
export async function rpcFault(faults: FaultInjector | undefined, method: string, target?: string) {
  if (!faults || faults.idle) return;
  const delay = faults.check({ service: 'tasks', kind: 'delay', method, target });
  if (delay?.delayMs) await new Promise((r) => setTimeout(r, delay.delayMs));
  const error = faults.check({ service: 'tasks', kind: 'error', method, target });
  if (error) throw faultError(error);
}

/** The RPC table shared by both surfaces: method name → call on the service. */
export function rpcTable(service: TasksService): Record<string, Handler> {
  return {
    ListQueues: (r) => {
      const page = service.listQueues(r.parent, r.pageSize, r.pageToken, r.filter);
      return { queues: page.queues.map(queueToProto), nextPageToken: page.nextPageToken };
    },
    GetQueue: (r) => queueToProto(service.getQueue(r.name)),
    CreateQueue: (r) => queueToProto(service.createQueue(r.parent, queueFromProto(r.queue))),
    UpdateQueue: (r) => queueToProto(service.updateQueue(queueFromProto(r.queue), r.updateMask?.paths)),
    DeleteQueue: (r) => {
      service.deleteQueue(r.name);
      return {};
    },
    PurgeQueue: (r) => queueToProto(service.purgeQueue(r.name)),
    PauseQueue: (r) => queueToProto(service.pauseQueue(r.name)),
    ResumeQueue: (r) => queueToProto(service.resumeQueue(r.name)),
    ListTasks: (r) => {
      const page = service.listTasks(r.parent, r.pageSize, r.pageToken);
      const view = viewOf(r.responseView);
      return { tasks: page.tasks.map((t) => taskToProto(t, view)), nextPageToken: page.nextPageToken };
    },
    GetTask: (r) => taskToProto(service.getTask(r.name), viewOf(r.responseView)),
    CreateTask: (r) =>
      taskToProto(service.createTask(r.parent, taskFromProto(r.task)), viewOf(r.responseView)),
    DeleteTask: (r) => {
      service.deleteTask(r.name);
      return {};
    },
    RunTask: (r) => taskToProto(service.runTask(r.name), viewOf(r.responseView)),
  };
}

const targetOf = (r: { name?: string; parent?: string; queue?: { name?: string } }) => {
  const name = r?.name ?? r?.parent ?? r?.queue?.name ?? '';
  const m = /\/queues\/([^/]+)/.exec(name);
  return m?.[1];
};

export function addTasksService(
  server: grpc.Server,
  service: TasksService,
  logger: Logger,
  faults?: FaultInjector,
): void {
  const table = rpcTable(service);
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [method, definition] of Object.entries(cloudTasksService())) {
    const fn = table[method];
    impl[definition.originalName ?? method] = async (
      call: grpc.ServerUnaryCall<unknown, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      try {
        if (!fn)
          throw Object.assign(new Error(`${method} is not implemented by the emulator`), {
            unimplemented: true,
          });
        await rpcFault(faults, method, targetOf(call.request as never));
        callback(null, fn(call.request));
      } catch (err) {
        const e: DevkitError | { code: 'UNIMPLEMENTED'; message: string } = (
          err as { unimplemented?: boolean }
        ).unimplemented
          ? { code: 'UNIMPLEMENTED', message: (err as Error).message }
          : toDevkitError(err);
        if (e.code === 'INTERNAL') logger.error('tasks rpc failed', { method, error: String(err) });
        callback({ code: GRPC_STATUS[e.code], details: e.message });
      }
    };
  }
  server.addService(cloudTasksService(), impl);
}
