// Queue rows for `devkit status` and `devkit tasks queues list`: state, rate limits, retry
// attempts and how many tasks wait (one ListTasks page: "≥1000" past that).
import type { CloudTasksClient } from '@google-cloud/tasks';
import { createTasksClient, tasksParent } from '../../clients/index.ts';
import type { DevkitConfig } from '../../config/index.ts';

export interface QueueRow {
  name: string;
  state: string;
  maxDispatchesPerSecond: number;
  maxConcurrentDispatches: number;
  maxAttempts: number;
  tasks: number;
  tasksCapped: boolean;
}

export async function listQueueRows(client: CloudTasksClient, parent: string): Promise<QueueRow[]> {
  const [queues] = await client.listQueues({ parent });
  return Promise.all(
    queues.map(async (q) => {
      const [tasks] = await client.listTasks(
        { parent: q.name as string, pageSize: 1000 },
        { autoPaginate: false },
      );
      return {
        name: String(q.name).split('/').pop() ?? '',
        state: String(q.state ?? ''),
        maxDispatchesPerSecond: Number(q.rateLimits?.maxDispatchesPerSecond ?? 0),
        maxConcurrentDispatches: Number(q.rateLimits?.maxConcurrentDispatches ?? 0),
        maxAttempts: Number(q.retryConfig?.maxAttempts ?? 0),
        tasks: tasks.length,
        tasksCapped: tasks.length >= 1000,
      };
    }),
  );
}

/** The configured target's queues in its location; closes its client. */
export async function queueRows(config: DevkitConfig): Promise<QueueRow[]> {
  const client = createTasksClient(config);
  try {
    return await listQueueRows(client, tasksParent(config));
  } finally {
    await client.close();
  }
}

export const queueTableHeader = ['QUEUE', 'STATE', 'RATE/S', 'CONCURRENT', 'MAX ATTEMPTS', 'TASKS'];
export const queueTableRow = (q: QueueRow) => [
  q.name,
  q.state,
  q.maxDispatchesPerSecond,
  q.maxConcurrentDispatches,
  q.maxAttempts,
  q.tasksCapped ? `≥${q.tasks}` : q.tasks,
];
