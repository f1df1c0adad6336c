// `devkit storage ...`: gcloud storage's commands and flags (ls, cp, mv, rm, cat, buckets,
// buckets notifications) over the official @google-cloud/storage client, against the emulator or GCS.
import type { Command } from 'commander';
import { gcloudGroup } from '../gcloud/gcloud-command.ts';
import { registerBuckets } from '../gcloud/storage-buckets.ts';
import { registerNotifications } from '../gcloud/storage-notifications.ts';
import { registerObjectCommands } from '../gcloud/storage-objects.ts';

export function register(program: Command): void {
  const storage = gcloudGroup(program, 'storage', 'Cloud Storage buckets and objects (gs://bucket/object)');
  registerObjectCommands(storage);
  registerNotifications(registerBuckets(storage));
}
