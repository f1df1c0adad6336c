// Queue and task names as Cloud Tasks validates them: projects/P/locations/L/queues/Q[/tasks/T].
// Q is letters, digits and hyphens (≤ 100); T adds underscores (≤ 500).
import { randomInt } from 'node:crypto';
import { invalidArgument } from '../../common/index.ts';

const PARENT = /^projects\/[A-Za-z0-9\-:.]+\/locations\/[A-Za-z0-9-]+$/;
const QUEUE = /^(projects\/[A-Za-z0-9\-:.]+\/locations\/[A-Za-z0-9-]+)\/queues\/([A-Za-z0-9-]{1,100})$/;
const TASK =
  /^(projects\/[A-Za-z0-9\-:.]+\/locations\/[A-Za-z0-9-]+\/queues\/[A-Za-z0-9-]{1,100})\/tasks\/([A-Za-z0-9_-]{1,500})$/;

export function checkLocation(parent: string): string {
  if (!PARENT.test(parent ?? '')) {
    throw invalidArgument(`Invalid resource field value in the request: parent "${parent}"`);
  }
  return parent;
}

export function checkQueueName(name: string): string {
  if (!QUEUE.test(name ?? '')) {
    throw invalidArgument(
      `Queue name "${name}" is invalid: use projects/PROJECT_ID/locations/LOCATION_ID/queues/QUEUE_ID, ` +
        'QUEUE_ID of letters, digits and hyphens, at most 100 characters',
    );
  }
  return name;
}

export function checkTaskName(name: string): string {
  if (!TASK.test(name ?? '')) {
    throw invalidArgument(
      `Task name "${name}" is invalid: use <queue name>/tasks/TASK_ID, ` +
        'TASK_ID of letters, digits, hyphens and underscores, at most 500 characters',
    );
  }
  return name;
}

/** `projects/P/locations/L` of a queue name. */
export const locationOf = (queueName: string) => queueName.slice(0, queueName.lastIndexOf('/queues/'));

/** The queue a task name belongs to. */
export const queueOf = (taskName: string) => taskName.slice(0, taskName.lastIndexOf('/tasks/'));

/** The last path segment: the queue or task id. */
export const shortId = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** A server-assigned task id: a 19-digit decimal string, as Cloud Tasks hands out. */
export function newTaskId(): string {
  let id = String(randomInt(1, 10));
  while (id.length < 19) id += String(randomInt(0, 10));
  return id;
}
