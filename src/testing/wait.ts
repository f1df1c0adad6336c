// Waiting for what a workflow does, over the wire: a message on a subscription, an object in a
// bucket, a unit marked done in Redis. Each polls or listens until a deadline, then says what it missed.
import type { Message, PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import type { Redis } from 'ioredis';
import type { WorkflowKeys } from '../workflow/index.ts';

const DEFAULT_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Resolves with the first message on `subscription` that `match` accepts. Every message seen is
 * acked (the subscription is consumed), so give the test a subscription of its own.
 */
export async function waitForMessage(
  pubsub: PubSub,
  subscription: string,
  match: (message: Message) => boolean = () => true,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Message> {
  return (await waitForMessages(pubsub, subscription, 1, match, timeoutMs))[0]!;
}

/**
 * Resolves with the first `count` messages `match` accepts, on one streaming pull. Messages seen
 * are acked; those that arrive after the last match are left to redelivery.
 */
export function waitForMessages(
  pubsub: PubSub,
  subscription: string,
  count: number,
  match: (message: Message) => boolean = () => true,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Message[]> {
  const sub = pubsub.subscription(subscription);
  const found: Message[] = [];
  return new Promise<Message[]>((resolve, reject) => {
    const done = (settle: () => void) => {
      clearTimeout(timer);
      sub.removeAllListeners();
      void sub.close().catch(() => {});
      settle();
    };
    const timer = setTimeout(() => {
      const why = `${found.length}/${count} matching messages on ${subscription} within ${timeoutMs} ms`;
      done(() => reject(new Error(why)));
    }, timeoutMs);
    sub.on('message', (message: Message) => {
      if (found.length >= count) return;
      message.ack();
      if (match(message)) found.push(message);
      if (found.length === count) done(() => resolve(found));
    });
    sub.on('error', (err: Error) => done(() => reject(err)));
  });
}

/** Resolves with the object's content once `bucket/name` exists (polled every 100 ms). */
export async function waitForObject(
  storage: Storage,
  bucket: string,
  name: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Buffer> {
  const file = storage.bucket(bucket).file(name);
  const deadline = Date.now() + timeoutMs;
  while (!(await file.exists())[0]) {
    if (Date.now() > deadline)
      throw new Error(`gs://${bucket}/${name} did not appear within ${timeoutMs} ms`);
    await sleep(100);
  }
  return (await file.download())[0];
}

/** Resolves once the unit (`bucket/object#generation`) carries its done marker in Redis. */
export async function waitForUnit(
  redis: Redis,
  keys: WorkflowKeys,
  unitKey: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await redis.exists(keys.done(unitKey)))) {
    if (Date.now() > deadline) throw new Error(`unit ${unitKey} was not completed within ${timeoutMs} ms`);
    await sleep(100);
  }
}
