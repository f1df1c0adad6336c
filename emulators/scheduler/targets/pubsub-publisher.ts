// Publishes Pub/Sub-target jobs with the official client, pointed at an emulator host (never at
// production: without a host every attempt fails with FAILED_PRECONDITION).
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { emulatorPubSubClient } from '../../common/index.ts';
import type { AttemptStatus, PubsubTarget } from '../state/job-model.ts';

export class PubsubPublisher {
  readonly #clients = new Map<string, Promise<PubSub>>();
  readonly #topics = new Map<string, Topic>();

  /** `timeoutMs` bounds one publish, so an attempt fails (UNAVAILABLE) soon when Pub/Sub is down. */
  constructor(
    private readonly host: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async publish(target: PubsubTarget): Promise<AttemptStatus> {
    if (!this.host) {
      return { code: 9, message: 'No Pub/Sub endpoint: set pubsubHost or PUBSUB_EMULATOR_HOST' };
    }
    const project = target.topicName.split('/')[1] as string;
    try {
      let topic = this.#topics.get(target.topicName);
      if (!topic) {
        topic = (await this.#client(project)).topic(target.topicName, {
          batching: { maxMessages: 1 },
          // Fail an attempt within seconds when Pub/Sub is down, so RetryConfig takes over.
          gaxOpts: { timeout: this.timeoutMs },
        });
        this.#topics.set(target.topicName, topic);
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<AttemptStatus>((resolve) => {
        timer = setTimeout(
          () => resolve({ code: 14, message: `Pub/Sub at ${this.host} did not accept the message in time` }),
          this.timeoutMs,
        );
      });
      // Never rejects, so a publish finishing after the timeout cannot go unhandled.
      const published = topic
        .publishMessage({ data: target.data, attributes: target.attributes })
        .then((): AttemptStatus => ({ code: 0, message: '' }), statusOf);
      try {
        return await Promise.race([published, timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (err) {
      return statusOf(err);
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.#clients.values()].map((c) => c.then((client) => client.close()).catch(() => undefined)),
    );
    this.#clients.clear();
    this.#topics.clear();
  }

  /** One client per project, loaded on the first publish (see emulatorPubSubClient). */
  #client(project: string): Promise<PubSub> {
    let client = this.#clients.get(project);
    if (!client) {
      client = emulatorPubSubClient(this.host!, project);
      this.#clients.set(project, client);
    }
    return client;
  }
}

/** A client error as the attempt's status: its gRPC code (UNAVAILABLE if none), a short message. */
function statusOf(err: unknown): AttemptStatus {
  const e = err as { code?: unknown; details?: string; message?: string };
  const code = typeof e.code === 'number' && e.code > 0 && e.code < 17 ? e.code : 14;
  return { code, message: (e.details || e.message || 'publish failed').slice(0, 300) };
}
