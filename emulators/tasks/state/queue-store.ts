// Queues by name, and the names of deleted queues: DeleteQueue's reference says a queue with the
// same name cannot be created for 7 days afterwards (FAILED_PRECONDITION until then).
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../../common/index.ts';
import { checkLocation, checkQueueName, locationOf } from './names.ts';
import { newQueue, type Queue, type QueueInput, updateQueue } from './queue-model.ts';

export const QUEUE_NAME_HOLD_MS = 7 * 86_400_000;

export class QueueStore {
  readonly #queues = new Map<string, Queue>();
  readonly #deleted = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  find(name: string): Queue | undefined {
    return this.#queues.get(name);
  }

  get(name: string): Queue {
    const q = this.#queues.get(checkQueueName(name));
    if (!q) throw notFound(`Queue ${name} does not exist.`);
    return q;
  }

  all(): Queue[] {
    return [...this.#queues.values()];
  }

  create(parent: string, input: QueueInput): Queue {
    checkLocation(parent);
    const name = checkQueueName(input.name ?? '');
    if (locationOf(name) !== parent) throw invalidArgument(`Queue ${name} is not in ${parent}`);
    if (this.#queues.has(name)) throw alreadyExists(`Queue ${name} already exists.`);
    this.#checkReusable(name);
    const queue = newQueue(name, input);
    this.#queues.set(name, queue);
    return queue;
  }

  /** UpdateQueue creates the queue when it does not exist, as the API documents. */
  update(input: QueueInput, mask?: string[]): { queue: Queue; created: boolean } {
    const name = checkQueueName(input.name ?? '');
    const existing = this.#queues.get(name);
    if (!existing) return { queue: this.create(locationOf(name), updateFrom(input, mask)), created: true };
    const queue = updateQueue(existing, input, mask);
    this.#queues.set(name, queue);
    return { queue, created: false };
  }

  /** Restores a saved queue as it was (no validation of hold periods). */
  put(queue: Queue): void {
    this.#queues.set(queue.name, queue);
  }

  delete(name: string): Queue {
    const queue = this.get(name);
    this.#queues.delete(name);
    this.#deleted.set(name, this.now() + QUEUE_NAME_HOLD_MS);
    return queue;
  }

  list(
    parent: string,
    pageSize = 0,
    pageToken = '',
    filter = '',
  ): { queues: Queue[]; nextPageToken: string } {
    checkLocation(parent);
    if (pageSize < 0 || pageSize > 9800) throw invalidArgument('page_size must be between 0 and 9800');
    const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString()) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('invalid page_token');
    const state = parseFilter(filter);
    const all = this.all()
      .filter((q) => locationOf(q.name) === parent && (!state || q.state === state))
      .sort((a, b) => a.name.localeCompare(b.name));
    const size = pageSize || 9800;
    const queues = all.slice(offset, offset + size);
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : '';
    return { queues, nextPageToken: next };
  }

  #checkReusable(name: string): void {
    const until = this.#deleted.get(name);
    if (until === undefined) return;
    if (until <= this.now()) {
      this.#deleted.delete(name);
      return;
    }
    throw failedPrecondition(
      `The queue cannot be created because a queue with this name existed too recently (until ${new Date(until).toISOString()}).`,
    );
  }
}

/** A mask on a queue that does not exist yet applies to a fresh queue's defaults. */
function updateFrom(input: QueueInput, mask?: string[]): QueueInput {
  if (!mask?.length) return input;
  return updateQueue(newQueue(input.name as string, {}), input, mask) as unknown as QueueInput;
}

/** The one filter form the emulator understands: `state: PAUSED` (or `state=PAUSED`). */
function parseFilter(filter: string): string | undefined {
  const f = filter.trim();
  if (!f) return undefined;
  const m = /^state\s*[:=]\s*(RUNNING|PAUSED|DISABLED)$/.exec(f);
  if (!m) throw invalidArgument(`Unsupported filter "${filter}": the emulator supports "state: PAUSED" only`);
  return m[1];
}
