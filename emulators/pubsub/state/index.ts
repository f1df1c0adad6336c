// The Pub/Sub state: pure data and rules shared by the gRPC, REST and push adapters.
export * from './delivery.ts';
export type { Lessee } from './entry.ts';
export * from './housekeeping.ts';
export type { Journal, JournalEvent, SeekTarget } from './journal.ts';
export * from './model.ts';
export * from './names.ts';
export * from './pubsub-state.ts';
export * from './snapshots.ts';
export type { SubscriptionQueue } from './sub-queue.ts';
export type { SubscriptionInput } from './subscription-config.ts';
export * from './subscriptions.ts';
export * from './topics.ts';
export type { PublishInput } from './validate-publish.ts';
