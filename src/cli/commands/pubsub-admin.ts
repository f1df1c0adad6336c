// `devkit pubsub topics|subscriptions|snapshots ...`: gcloud's Pub/Sub commands and flags over the
// official @google-cloud/pubsub client, against the emulator or GCP alike.
import type { Command } from 'commander';
import { registerSnapshots } from '../gcloud/pubsub-snapshots.ts';
import { registerSubscriptions } from '../gcloud/pubsub-subscriptions.ts';
import { registerTopics } from '../gcloud/pubsub-topics.ts';
import { parentCommand } from '../output.ts';

export function register(program: Command): void {
  const pubsub = parentCommand(program, 'pubsub', 'Pub/Sub topics, subscriptions, snapshots and messages');
  registerTopics(pubsub);
  registerSubscriptions(pubsub);
  registerSnapshots(pubsub);
}
