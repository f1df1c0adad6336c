// The CloudTasks API as plain methods over the stores and the dispatcher; the gRPC and REST
// adapters only translate wire shapes to these calls and DevkitErrors to statuses.
import { alreadyExists, type Clock, invalidArgument, type Logger, notFound } from '../../common/index.ts';
import { checkQueueName, checkTaskName, newTaskId, queueOf } from '../state/names.ts';
import type { Queue, QueueInput } from '../state/queue-model.ts';
import { QueueStore } from '../state/queue-store.ts';
import { newTask, type Task, type TaskInput } from '../state/task-model.ts';
import { TaskStore } from '../state/task-store.ts';
import { Dispatcher, type Send, type TaskOutcome } from './dispatcher.ts';

export interface ServiceHooks {
  /** Called after every change a snapshot should see (API calls and attempt results). */
  changed?(immediate: boolean): void;
  /** A task left its queue: it succeeded, or its retries ran out. */
  outcome?(task: Task, outcome: TaskOutcome): void;
}

export class TasksService {
  readonly queues: QueueStore;
  readonly tasks = new TaskStore();
  readonly dispatcher: Dispatcher;
  #seq = 0;

  constructor(
    private readonly clock: Clock,
    send: Send,
    logger: Logger,
    private readonly hooks: ServiceHooks = {},
  ) {
    this.queues = new QueueStore(() => clock.now());
    this.dispatcher = new Dispatcher(this.queues, this.tasks, clock, send, logger, (done) => {
      if (done) hooks.outcome?.(done.task, done.outcome);
      hooks.changed?.(false);
    });
  }

  listQueues(parent: string, pageSize?: number, pageToken?: string, filter?: string) {
    return this.queues.list(parent, pageSize, pageToken, filter);
  }

  getQueue(name: string): Queue {
    return this.queues.get(name);
  }

  createQueue(parent: string, input: QueueInput): Queue {
    return this.#saved(this.queues.create(parent, input));
  }

  updateQueue(input: QueueInput, mask?: string[]): Queue {
    const { queue } = this.queues.update(input, mask);
    this.dispatcher.poke(queue.name);
    return this.#saved(queue);
  }

  deleteQueue(name: string): void {
    this.queues.delete(name);
    this.tasks.dropQueue(name);
    this.dispatcher.forget(name);
    this.#saved(undefined);
  }

  purgeQueue(name: string): Queue {
    const queue = this.queues.get(name);
    const now = this.clock.now();
    queue.purgeTime = now;
    this.tasks.purge(name, now, now);
    return this.#saved(queue);
  }

  pauseQueue(name: string): Queue {
    const queue = this.queues.get(name);
    queue.state = 'PAUSED';
    this.dispatcher.poke(name);
    return this.#saved(queue);
  }

  resumeQueue(name: string): Queue {
    const queue = this.queues.get(name);
    queue.state = 'RUNNING';
    this.dispatcher.poke(name);
    return this.#saved(queue);
  }

  listTasks(parent: string, pageSize?: number, pageToken?: string) {
    this.queues.get(parent);
    return this.tasks.list(parent, pageSize, pageToken);
  }

  getTask(name: string): Task {
    const task = this.tasks.get(checkTaskName(name));
    if (!task) throw notFound(`Task ${name} does not exist.`);
    return task;
  }

  createTask(parent: string, input: TaskInput): Task {
    this.queues.get(parent);
    const name = input.name ? checkTaskName(input.name) : `${parent}/tasks/${newTaskId()}`;
    if (queueOf(name) !== parent) throw invalidArgument(`Task ${name} is not in queue ${parent}`);
    const now = this.clock.now();
    if (this.tasks.taken(name, now)) throw alreadyExists('Requested entity already exists');
    const task = newTask(name, input, now, ++this.#seq);
    this.tasks.add(task);
    this.#saved(task);
    this.dispatcher.poke(parent);
    return task;
  }

  /** Restores a saved task with its counters (persistence). */
  restoreTask(task: Task): void {
    task.run.seq = ++this.#seq;
    this.tasks.add(task);
  }

  deleteTask(name: string): void {
    this.getTask(name);
    this.tasks.remove(name, this.clock.now());
    this.#saved(undefined);
  }

  /** RunTask: the task as dispatched (dispatch_count and last_attempt already updated). */
  runTask(name: string): Task {
    const task = this.getTask(name);
    this.dispatcher.runNow(task);
    return this.#saved(task);
  }

  /** Starts dispatching every restored queue. */
  startAll(): void {
    for (const q of this.queues.all()) this.dispatcher.poke(checkQueueName(q.name));
  }

  #saved<T>(value: T): T {
    this.hooks.changed?.(true);
    return value;
  }
}
