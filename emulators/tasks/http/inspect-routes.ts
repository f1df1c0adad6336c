// `GET /_devkit/tasks/queues`: every queue of every project and location with its tasks (FULL
// view), for the dashboard. Read-only; built from the same REST mapping the clients use, so the
// shapes are exactly Cloud Tasks' proto3 JSON.

import { rpcTable } from '../grpc/grpc-server.ts';
import type { TasksService } from '../run/tasks-service.ts';
import { matchRest } from './rest-routes.ts';

export const INSPECT_PATH = '/_devkit/tasks/queues';

export function inspectQueues(service: TasksService): { queues: unknown[] } {
  const table = rpcTable(service);
  const call = (path: string, query: Record<string, string>, rpc: string) => {
    const rest = matchRest('GET', path, new URLSearchParams(query), '')!;
    return rest.reply(table[rpc]!(rest.request)) as Record<string, unknown>;
  };
  const queues = service.queues.all().map((queue) => ({
    ...call(`/v2/${queue.name}`, {}, 'GetQueue'),
    tasks:
      call(`/v2/${queue.name}/tasks`, { responseView: 'FULL', pageSize: '1000' }, 'ListTasks').tasks ?? [],
  }));
  return { queues };
}
