// The Pub/Sub IAM permissions that can be granted on each resource type (Google's IAM
// permissions reference for pubsub.*), the set TestIamPermissions answers from as an owner would.
export type IamCollection = 'topics' | 'subscriptions' | 'snapshots' | 'schemas';

export const PUBSUB_PERMISSIONS: Record<IamCollection, ReadonlySet<string>> = {
  topics: new Set([
    'pubsub.topics.attachSubscription',
    'pubsub.topics.delete',
    'pubsub.topics.detachSubscription',
    'pubsub.topics.get',
    'pubsub.topics.getIamPolicy',
    'pubsub.topics.publish',
    'pubsub.topics.setIamPolicy',
    'pubsub.topics.update',
    'pubsub.topics.updateTag',
  ]),
  subscriptions: new Set([
    'pubsub.subscriptions.consume',
    'pubsub.subscriptions.delete',
    'pubsub.subscriptions.get',
    'pubsub.subscriptions.getIamPolicy',
    'pubsub.subscriptions.setIamPolicy',
    'pubsub.subscriptions.update',
  ]),
  snapshots: new Set([
    'pubsub.snapshots.delete',
    'pubsub.snapshots.get',
    'pubsub.snapshots.getIamPolicy',
    'pubsub.snapshots.seek',
    'pubsub.snapshots.setIamPolicy',
    'pubsub.snapshots.update',
  ]),
  schemas: new Set([
    'pubsub.schemas.attach',
    'pubsub.schemas.commit',
    'pubsub.schemas.delete',
    'pubsub.schemas.get',
    'pubsub.schemas.getIamPolicy',
    'pubsub.schemas.listRevisions',
    'pubsub.schemas.rollback',
    'pubsub.schemas.setIamPolicy',
    'pubsub.schemas.validate',
  ]),
};
