// How a worker pulls: one flow-controlled stream, ack deadlines kept at the worker's own, and a
// close() that stops the stream at once while the units in flight finish.
import { Duration, type PubSub, type Subscription, SubscriptionCloseBehaviors } from '@google-cloud/pubsub';

export interface PullSettings {
  concurrency: number;
  ackDeadlineSeconds: number;
  drainTimeoutMs: number;
}

export function openWorkerSubscription(pubsub: PubSub, name: string, settings: PullSettings): Subscription {
  return pubsub.subscription(name, {
    flowControl: { maxMessages: settings.concurrency, allowExcessMessages: false },
    // One stream with server-side flow control: the server hands out at most `concurrency`
    // messages, so none sit undispatched in a local queue (a drain would hold them until timeout).
    streamingOptions: { maxStreams: 1 },
    // The library keeps held messages' deadlines at our ack deadline, so a dead worker's units
    // come back after at most that long.
    minAckDeadline: Duration.from({ seconds: settings.ackDeadlineSeconds }),
    maxAckDeadline: Duration.from({ seconds: settings.ackDeadlineSeconds }),
    maxExtensionTime: Duration.from({ hours: 1 }),
    // close() stops the stream at once (no new deliveries to nack in a loop while draining) but
    // keeps leasing, acking and nacking the units still in flight.
    closeOptions: {
      behavior: SubscriptionCloseBehaviors.WaitForProcessing,
      timeout: Duration.from({ milliseconds: settings.drainTimeoutMs + 5000 }),
    },
  });
}
