// google.pubsub.v1.Subscriber (all unary RPCs), protocol-neutral. StreamingPull lives in grpc/.
import { invalidArgument } from '../../common/index.ts';
import {
  acknowledge,
  createSnapshot,
  createSubscription,
  deleteSnapshot,
  deleteSubscription,
  getSnapshot,
  getSubscription,
  listSnapshots,
  listSubscriptions,
  modifyAckDeadline,
  modifyPushConfig,
  parseName,
  parseProject,
  seek,
  updateSnapshot,
  updateSubscription,
} from '../state/index.ts';
import { pushConfigIn, subscriptionIn } from '../wire/from-wire.ts';
import { receivedOut, snapshotOut, subscriptionOut } from '../wire/to-wire.ts';
import {
  asObj,
  parseInt32,
  parseLabels,
  parseMask,
  parseString,
  parseStringList,
  parseTimestamp,
} from '../wire/values.ts';
import { durableOps } from './durable.ts';
import type { Op } from './publisher-ops.ts';
import { pullWaiting } from './pull-wait.ts';
import { checkAckRequestSize } from './request-limits.ts';

const str = parseString;
const size = (req: Record<string, unknown>) => parseInt32(req.pageSize, 'page_size');
const token = (req: Record<string, unknown>) => str(req.pageToken, 'page_token');
const subName = (req: Record<string, unknown>) => str(req.subscription, 'subscription');

/** Ops that may wait for messages, so they need to hear when the caller goes away. */
export const WAITING_OPS: ReadonlySet<string> = new Set(['Pull']);

const ops: Record<string, Op> = {
  CreateSubscription: (s, req, f) =>
    subscriptionOut(createSubscription(s, str(req.name, 'name'), subscriptionIn(req)), f),
  GetSubscription: (s, req, f) => subscriptionOut(getSubscription(s, subName(req)), f),
  UpdateSubscription: (s, req, f) => {
    const sub = asObj(req.subscription);
    const name = str(sub.name, 'subscription.name');
    return subscriptionOut(updateSubscription(s, name, subscriptionIn(sub), parseMask(req.updateMask)), f);
  },
  ListSubscriptions: (s, req, f) => {
    const page = listSubscriptions(s, parseProject(req.project), size(req), token(req));
    return { subscriptions: page.items.map((q) => subscriptionOut(q, f)), nextPageToken: page.nextPageToken };
  },
  DeleteSubscription: (s, req) => {
    deleteSubscription(s, subName(req));
    return {};
  },
  ModifyAckDeadline: (s, req) => {
    const ids = parseStringList(req.ackIds, 'ack_ids');
    checkAckRequestSize(subName(req), ids);
    modifyAckDeadline(s, subName(req), ids, parseInt32(req.ackDeadlineSeconds, 'ack_deadline_seconds'));
    return {};
  },
  Acknowledge: (s, req) => {
    const ids = parseStringList(req.ackIds, 'ack_ids');
    checkAckRequestSize(subName(req), ids);
    acknowledge(s, subName(req), ids);
    return {};
  },
  Pull: async (s, req, f, signal) => {
    const max = parseInt32(req.maxMessages, 'max_messages');
    const got = await pullWaiting(s, subName(req), max, !!req.returnImmediately, signal);
    return { receivedMessages: got.map((d) => receivedOut(d, f)) };
  },
  ModifyPushConfig: (s, req) => {
    modifyPushConfig(s, subName(req), pushConfigIn(req.pushConfig));
    return {};
  },
  GetSnapshot: (s, req, f) => snapshotOut(getSnapshot(s, str(req.snapshot, 'snapshot')), f),
  ListSnapshots: (s, req, f) => {
    const page = listSnapshots(s, parseProject(req.project), size(req), token(req));
    return { snapshots: page.items.map((x) => snapshotOut(x, f)), nextPageToken: page.nextPageToken };
  },
  CreateSnapshot: (s, req, f) =>
    snapshotOut(createSnapshot(s, str(req.name, 'name'), subName(req), parseLabels(req.labels)), f),
  UpdateSnapshot: (s, req, f) => {
    const snap = asObj(req.snapshot);
    const input = {
      labels: parseLabels(snap.labels),
      expireTime: parseTimestamp(snap.expireTime, 'expire_time'),
    };
    return snapshotOut(
      updateSnapshot(s, str(snap.name, 'snapshot.name'), input, parseMask(req.updateMask)),
      f,
    );
  },
  DeleteSnapshot: (s, req) => {
    deleteSnapshot(s, str(req.snapshot, 'snapshot'));
    return {};
  },
  Seek: (s, req) => {
    const name = subName(req);
    parseName(name, 'subscriptions');
    const snapshot = str(req.snapshot, 'snapshot');
    const time = parseTimestamp(req.time, 'time');
    if (snapshot) seek(s, name, { snapshot });
    else if (time !== undefined) seek(s, name, { time });
    else throw invalidArgument('Seek needs either a time or a snapshot.');
    return {};
  },
};

/** Answered only once the change is durable (with --data-dir); acks and modacks are not logged. */
export const subscriberOps = durableOps(ops, [
  'CreateSubscription',
  'UpdateSubscription',
  'DeleteSubscription',
  'ModifyPushConfig',
  'CreateSnapshot',
  'UpdateSnapshot',
  'DeleteSnapshot',
  'Seek',
]);
