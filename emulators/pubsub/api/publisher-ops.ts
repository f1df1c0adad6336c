// google.pubsub.v1.Publisher, protocol-neutral: request object in, response object out.
import {
  createTopic,
  deleteTopic,
  detachSubscription,
  getTopic,
  listTopicSnapshots,
  listTopicSubscriptions,
  listTopics,
  type PubSubState,
  parseName,
  parseProject,
  publish,
  updateTopic,
} from '../state/index.ts';
import { messagesIn, topicIn } from '../wire/from-wire.ts';
import { topicOut } from '../wire/to-wire.ts';
import { asObj, parseInt32, parseMask, parseString, type WireFormat } from '../wire/values.ts';
import { durableOps } from './durable.ts';

export type Op = (
  state: PubSubState,
  req: Record<string, unknown>,
  f: WireFormat,
  signal: AbortSignal,
) => unknown;

const str = (v: unknown, field: string) => parseString(v, field);
const size = (req: Record<string, unknown>) => parseInt32(req.pageSize, 'page_size');
const token = (req: Record<string, unknown>) => str(req.pageToken, 'page_token');

const ops: Record<string, Op> = {
  CreateTopic: (s, req, f) => topicOut(createTopic(s, topicIn(req)), f),
  GetTopic: (s, req, f) => topicOut(getTopic(s, str(req.topic, 'topic')), f),
  UpdateTopic: (s, req, f) => topicOut(updateTopic(s, topicIn(req.topic), parseMask(req.updateMask)), f),
  Publish: (s, req) => ({ messageIds: publish(s, str(req.topic, 'topic'), messagesIn(req.messages)) }),
  ListTopics: (s, req, f) => {
    const page = listTopics(s, parseProject(req.project), size(req), token(req));
    return { topics: page.items.map((t) => topicOut(t, f)), nextPageToken: page.nextPageToken };
  },
  ListTopicSubscriptions: (s, req) => {
    const page = listTopicSubscriptions(s, str(req.topic, 'topic'), size(req), token(req));
    return { subscriptions: page.items, nextPageToken: page.nextPageToken };
  },
  ListTopicSnapshots: (s, req) => {
    const page = listTopicSnapshots(s, str(req.topic, 'topic'), size(req), token(req));
    return { snapshots: page.items, nextPageToken: page.nextPageToken };
  },
  DeleteTopic: (s, req) => {
    deleteTopic(s, str(req.topic, 'topic'));
    return {};
  },
  DetachSubscription: (s, req) => {
    const name = str(req.subscription, 'subscription');
    parseName(name, 'subscriptions');
    detachSubscription(s, name);
    return {};
  },
};

/** Answered only once the change is durable (with --data-dir): writes, never reads. */
export const publisherOps = durableOps(ops, [
  'CreateTopic',
  'UpdateTopic',
  'Publish',
  'DeleteTopic',
  'DetachSubscription',
]);

export { asObj };
