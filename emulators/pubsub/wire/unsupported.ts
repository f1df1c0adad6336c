// Resource fields the emulator cannot act on (exports to BigQuery, Cloud Storage or Bigtable,
// ingestion, message transforms): refused with UNIMPLEMENTED instead of being silently dropped,
// so a subscription meant to export never quietly becomes a pull subscription.
import { DevkitError } from '../../common/index.ts';

const SUBSCRIPTION_FIELDS = {
  bigqueryConfig: 'bigquery_config',
  cloudStorageConfig: 'cloud_storage_config',
  bigtableConfig: 'bigtable_config',
  messageTransforms: 'message_transforms',
} as const;

const TOPIC_FIELDS = {
  ingestionDataSourceSettings: 'ingestion_data_source_settings',
  messageTransforms: 'message_transforms',
} as const;

/** Throws UNIMPLEMENTED when a subscription sets a field the emulator does not simulate. */
export function refuseUnsupportedSubscriptionFields(o: Record<string, unknown>): void {
  refuse(o, SUBSCRIPTION_FIELDS, 'Subscription');
}

/** Throws UNIMPLEMENTED when a topic sets a field the emulator does not simulate. */
export function refuseUnsupportedTopicFields(o: Record<string, unknown>): void {
  refuse(o, TOPIC_FIELDS, 'Topic');
}

function refuse(o: Record<string, unknown>, fields: Record<string, string>, kind: string): void {
  for (const [camel, snake] of Object.entries(fields)) {
    // Decoded protobuf fills unset messages with null and unset repeated fields with [].
    const v = o[camel] ?? o[snake];
    const set = Array.isArray(v) ? v.length > 0 : typeof v === 'object' && v !== null;
    if (set) {
      throw new DevkitError(
        'UNIMPLEMENTED',
        `${kind}.${snake} is not implemented by the devkit Pub/Sub emulator (see emulators/pubsub/README.md).`,
      );
    }
  }
}
