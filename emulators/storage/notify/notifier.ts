// Delivers object events to Pub/Sub through the official client. Each topic has its own ordered
// queue; a failed publish is retried with backoff until it succeeds or the emulator stops, and
// anything still undelivered at stop is logged as an error, never dropped silently.
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { emulatorPubSubClient, type Logger } from '../../common/index.ts';
import { type FaultInjector, faultError } from '../../faults/index.ts';
import type { StorageBackend } from '../backend/backend.ts';
import type { ObjectEvent } from '../service/context.ts';
import { backoffDelay } from './backoff.ts';
import { buildMessage, matches, type OutboundMessage } from './message.ts';

export interface NotifierOptions {
  backend: StorageBackend;
  logger: Logger;
  project: string;
  /** host:port of Pub/Sub; without it events are logged as undeliverable. */
  pubsubHost?: string;
  baseUrl: () => string;
  /** `error` rules on method `notifications.publish` (target `bucket/object`) fail an attempt. */
  faults?: FaultInjector;
}

export class Notifier {
  private readonly queues = new Map<string, OutboundMessage[]>();
  private readonly running = new Set<string>();
  private readonly topics = new Map<string, Topic>();
  /** Created on the first publish (see emulatorPubSubClient). */
  private client: Promise<PubSub> | undefined;
  private inbound: Promise<void> = Promise.resolve();
  private stopped = false;
  private wake = new Set<() => void>();
  /** Messages published so far (for diagnostics and tests). */
  delivered = 0;

  constructor(private readonly opts: NotifierOptions) {}

  /** Called synchronously in commit order; config lookup and publishing happen after. */
  onEvent(event: ObjectEvent): void {
    if (this.stopped) return;
    this.inbound = this.inbound.then(async () => {
      const configs = await this.opts.backend.listNotifications(event.object.bucket);
      for (const config of configs) {
        if (!matches(config, event)) continue;
        this.enqueue(buildMessage(config, event, this.opts.baseUrl()));
      }
    });
    this.inbound = this.inbound.catch((err) =>
      this.opts.logger.error('notification lookup failed', { err: `${err}` }),
    );
  }

  /** Messages accepted but not yet published. */
  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  async stop(): Promise<void> {
    await this.inbound;
    this.stopped = true;
    for (const fn of this.wake) fn();
    const left = this.pending();
    if (left > 0) this.opts.logger.error('storage notifications left undelivered at stop', { count: left });
    await this.client?.then((c) => c.close()).catch(() => undefined);
  }

  private enqueue(msg: OutboundMessage) {
    if (!this.opts.pubsubHost) {
      this.opts.logger.error('storage notification not delivered: no Pub/Sub host configured', {
        topic: msg.topic,
        attributes: msg.attributes,
      });
      return;
    }
    let q = this.queues.get(msg.topic);
    if (!q) {
      q = [];
      this.queues.set(msg.topic, q);
    }
    q.push(msg);
    if (!this.running.has(msg.topic)) void this.drain(msg.topic, q);
  }

  private async drain(topicName: string, q: OutboundMessage[]) {
    this.running.add(topicName);
    let attempt = 0;
    while (q.length > 0 && !this.stopped) {
      const msg = q[0]!;
      try {
        this.injectFault(msg);
        await (await this.topic(topicName)).publishMessage({ data: msg.data, attributes: msg.attributes });
        q.shift();
        this.delivered++;
        attempt = 0;
      } catch (err) {
        attempt++;
        const delay = backoffDelay(attempt);
        this.opts.logger.warn('storage notification publish failed; retrying', {
          topic: topicName,
          attempt,
          delayMs: delay,
          err: err instanceof Error ? err.message : String(err),
        });
        await this.sleep(delay);
      }
    }
    this.running.delete(topicName);
  }

  /** An injected failure takes the same retry path as a real one: the message stays queued. */
  private injectFault(msg: OutboundMessage) {
    const faults = this.opts.faults;
    if (!faults || faults.idle) return;
    const rule = faults.check({
      service: 'storage',
      kind: 'error',
      method: 'notifications.publish',
      target: `${msg.attributes.bucketId}/${msg.attributes.objectId}`,
    });
    if (rule) throw faultError(rule);
  }

  private async topic(name: string): Promise<Topic> {
    let t = this.topics.get(name);
    if (!t) {
      this.client ??= emulatorPubSubClient(this.opts.pubsubHost!, this.opts.project);
      t = (await this.client).topic(name, { batching: { maxMessages: 1, maxMilliseconds: 0 } });
      this.topics.set(name, t);
    }
    return t;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.add(done);
    });
  }
}
