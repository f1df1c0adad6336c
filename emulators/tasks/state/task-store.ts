// Tasks per queue with a due-heap each, and the names of tasks that were deleted or ran: a
// named task cannot be created again for ~1 hour after that (ALREADY_EXISTS, as documented).
import { invalidArgument } from '../../common/index.ts';
import { DueHeap } from './due-heap.ts';
import { queueOf } from './names.ts';
import type { Task } from './task-model.ts';

/** How long a deleted or executed task's name stays taken (queues created with the API). */
export const TASK_NAME_HOLD_MS = 3_600_000;

interface QueueTasks {
  tasks: Map<string, Task>;
  heap: DueHeap<{ task: Task; gen: number }>;
}

export class TaskStore {
  readonly #queues = new Map<string, QueueTasks>();
  readonly #tombstones = new Map<string, number>();
  #gen = 0;

  #of(queue: string): QueueTasks {
    let q = this.#queues.get(queue);
    if (!q) {
      q = { tasks: new Map(), heap: new DueHeap() };
      this.#queues.set(queue, q);
    }
    return q;
  }

  /** True while a task of that name exists or its name is still held after it ended. */
  taken(name: string, now: number): boolean {
    if (this.get(name)) return true;
    const until = this.#tombstones.get(name);
    if (until === undefined) return false;
    if (until > now) return true;
    this.#tombstones.delete(name);
    return false;
  }

  get(name: string): Task | undefined {
    return this.#queues.get(queueOf(name))?.tasks.get(name);
  }

  add(task: Task): void {
    this.#of(queueOf(task.name)).tasks.set(task.name, task);
    this.schedule(task);
  }

  /** (Re)enters a task into its queue's due order at its current scheduleTime. */
  schedule(task: Task): void {
    const gen = ++this.#gen;
    (task.run as { gen?: number }).gen = gen;
    this.#of(queueOf(task.name)).heap.push({ at: task.scheduleTime, seq: gen, value: { task, gen } });
  }

  /** The queue's earliest task waiting for dispatch (not in flight), without taking it. */
  peekDue(queue: string): Task | undefined {
    const q = this.#queues.get(queue);
    if (!q) return undefined;
    for (let top = q.heap.peek(); top; top = q.heap.peek()) {
      const { task, gen } = top.value;
      const live = q.tasks.get(task.name) === task && task.run.inFlight === 0;
      if (live && (task.run as { gen?: number }).gen === gen) return task;
      q.heap.pop();
    }
    return undefined;
  }

  /** Removes a task; its name stays taken for TASK_NAME_HOLD_MS. */
  remove(name: string, now: number): Task | undefined {
    const q = this.#queues.get(queueOf(name));
    const task = q?.tasks.get(name);
    if (!q || !task) return undefined;
    q.tasks.delete(name);
    this.#tombstones.set(name, now + TASK_NAME_HOLD_MS);
    return task;
  }

  /** Every task of the queue created before `before`; returns how many went. */
  purge(queue: string, before: number, now: number): number {
    const q = this.#queues.get(queue);
    if (!q) return 0;
    let n = 0;
    for (const task of [...q.tasks.values()]) {
      if (task.createTime <= before) {
        this.remove(task.name, now);
        n++;
      }
    }
    return n;
  }

  dropQueue(queue: string): void {
    this.#queues.delete(queue);
  }

  count(queue: string): number {
    return this.#queues.get(queue)?.tasks.size ?? 0;
  }

  tasksOf(queue: string): Task[] {
    return [...(this.#queues.get(queue)?.tasks.values() ?? [])];
  }

  /** A page of the queue's tasks in schedule order; the token is the offset. */
  list(queue: string, pageSize = 0, pageToken = ''): { tasks: Task[]; nextPageToken: string } {
    if (pageSize < 0 || pageSize > 1000) throw invalidArgument('page_size must be between 0 and 1000');
    const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('invalid page_token');
    const size = pageSize || 1000;
    const all = this.tasksOf(queue).sort((a, b) => a.scheduleTime - b.scheduleTime || a.run.seq - b.run.seq);
    const tasks = all.slice(offset, offset + size);
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : '';
    return { tasks, nextPageToken: next };
  }
}
