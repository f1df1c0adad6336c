// StreamingPull: the stream is a lessee with the client's flow-control window; requests carry
// acks, modacks, deadline changes and keepalives (answered with an empty response).
import type * as grpc from '@grpc/grpc-js';
import { DevkitError, invalidArgument, type Logger } from '../../common/index.ts';
import { type PubSubFaults, shortId } from '../faults/pubsub-faults.ts';
import {
  acknowledge,
  attachLessee,
  type Delivery,
  detachLessee,
  type Lessee,
  modifyAckDeadline,
  type PubSubState,
  type SubscriptionQueue,
} from '../state/index.ts';
import { receivedOut } from '../wire/to-wire.ts';
import { asObj, grpcFormat, parseInt32, parseString, parseStringList } from '../wire/values.ts';
import { toServiceError } from './errors.ts';

type Call = grpc.ServerDuplexStream<Record<string, unknown>, unknown>;

export function streamingPullHandler(
  state: PubSubState,
  logger: Logger,
  faults: PubSubFaults,
): grpc.handleBidiStreamingCall<unknown, unknown> {
  return (raw) => {
    const call = raw as Call;
    let queue: SubscriptionQueue | undefined;
    let lessee: Lessee | undefined;
    let closed = false;
    const close = (err?: unknown) => {
      if (closed) return;
      closed = true;
      if (queue && lessee) detachLessee(queue, lessee);
      if (err) call.emit('error', toServiceError(err, logger));
      else call.end();
    };
    const properties = () => ({
      exactlyOnceDeliveryEnabled: queue?.config.enableExactlyOnceDelivery ?? false,
      messageOrderingEnabled: queue?.config.enableMessageOrdering ?? false,
    });
    const send = (response: Record<string, unknown>) => {
      if (!closed) call.write({ ...response, subscriptionProperties: properties() });
    };

    call.on('data', (req: Record<string, unknown>) => {
      if (closed) return;
      try {
        if (!queue) {
          const name = parseString(req.subscription, 'subscription');
          if (!name) throw invalidArgument('The first StreamingPullRequest must name a subscription.');
          const deadline = parseInt32(req.streamAckDeadlineSeconds, 'stream_ack_deadline_seconds');
          if (deadline !== 0 && (deadline < 10 || deadline > 600)) {
            throw invalidArgument(`Invalid stream_ack_deadline_seconds ${deadline}: must be 10-600.`);
          }
          lessee = {
            maxMessages: parseInt32(req.maxOutstandingMessages, 'max_outstanding_messages'),
            maxBytes: parseInt32(req.maxOutstandingBytes, 'max_outstanding_bytes'),
            outstandingMessages: 0,
            outstandingBytes: 0,
            ackDeadlineSeconds: deadline,
            deliver: (batch) => deliverBatch(faults, queue!, lessee!, batch, send, close),
            close: (err) => close(err),
          };
          queue = attachLessee(state, name, lessee);
          if (!deadline) lessee.ackDeadlineSeconds = queue.config.ackDeadlineSeconds;
          send({ receivedMessages: [] });
        }
        handleRequest(state, faults, queue, lessee!, req, send);
      } catch (err) {
        close(err);
      }
    });
    call.on('end', () => close());
    call.on('cancelled', () => close());
    call.on('error', () => close());
  };
}

/**
 * Sends a leased batch, unless a `disconnect` rule ends the stream first: then the batch, never
 * sent, goes straight back to the queue (after the detach) rather than waiting out its lease.
 * A `delay` rule on `deliver` sends it late, its lease already running, as a slow network would.
 */
function deliverBatch(
  faults: PubSubFaults,
  queue: SubscriptionQueue,
  lessee: Lessee,
  batch: Delivery[],
  send: (response: Record<string, unknown>) => void,
  close: (err?: unknown) => void,
): void {
  const out = () => send({ receivedMessages: batch.map((d) => receivedOut(d, grpcFormat)) });
  if (faults.injector.idle) {
    out();
    return;
  }
  const ackIds = batch.map((d) => d.ackId);
  if (faults.disconnects(queue)) {
    close(new DevkitError('UNAVAILABLE', 'injected fault: stream disconnected'));
    queue.modifyAckDeadline(ackIds, 0);
    return;
  }
  const hand = () => {
    out();
    faults.delivered(queue.name, ackIds, lessee);
  };
  const delayMs = faults.deliveryDelayMs(queue);
  if (delayMs > 0) setTimeout(hand, delayMs).unref();
  else hand();
}

function handleRequest(
  state: PubSubState,
  faults: PubSubFaults,
  queue: SubscriptionQueue,
  lessee: Lessee,
  req: Record<string, unknown>,
  send: (response: Record<string, unknown>) => void,
): void {
  const name = queue.name;
  const ackIds = parseStringList(req.ackIds, 'ack_ids');
  const modIds = parseStringList(req.modifyDeadlineAckIds, 'modify_deadline_ack_ids');
  const modSecs = Array.isArray(req.modifyDeadlineSeconds) ? req.modifyDeadlineSeconds.map(Number) : [];
  if (modIds.length !== modSecs.length) {
    throw invalidArgument('modify_deadline_seconds and modify_deadline_ack_ids must be the same length.');
  }
  const deadline = parseInt32(req.streamAckDeadlineSeconds, 'stream_ack_deadline_seconds');
  if (deadline >= 10 && deadline <= 600) lessee.ackDeadlineSeconds = deadline;
  const eod = queue.config.enableExactlyOnceDelivery;
  if (ackIds.length > 0) {
    // Dropped acks are confirmed like the rest: the fault is that the ack is lost, not refused.
    const kept = faults.keepAcks(shortId(name), ackIds);
    const invalid = kept.length > 0 ? collectInvalid(() => acknowledge(state, name, kept)) : [];
    if (eod) send({ acknowledgeConfirmation: confirmation(ackIds, invalid) });
  }
  if (modIds.length > 0) {
    const invalid: string[] = [];
    modIds.forEach((id, i) => {
      invalid.push(...collectInvalid(() => modifyAckDeadline(state, name, [id], modSecs[i]!)));
    });
    if (eod) send({ modifyAckDeadlineConfirmation: confirmation(modIds, invalid) });
  }
  const isKeepalive = ackIds.length === 0 && modIds.length === 0 && !req.subscription;
  if (isKeepalive) send({ receivedMessages: [] });
}

/** Runs an ack/modack and returns the ack ids it reported as invalid (exactly-once only). */
function collectInvalid(fn: () => void): string[] {
  try {
    fn();
    return [];
  } catch (err) {
    const metadata = asObj(asObj(asObj(err).details).metadata);
    if (Object.keys(metadata).length === 0) throw err;
    return Object.keys(metadata);
  }
}

function confirmation(ids: string[], invalid: string[]) {
  const bad = new Set(invalid);
  return { ackIds: ids.filter((id) => !bad.has(id)), invalidAckIds: invalid, unorderedAckIds: [] };
}
