// The table both pull commands print (`devkit pubsub pull` and `devkit gcloud pubsub subscriptions
// pull`): one row per message with its data, id, ordering key, attributes and delivery attempt.
import { cell, printListing } from './output.ts';
import type { PulledMessage } from './pubsub-rpc.ts';

/**
 * Prints pulled messages as a table (a JSON array with `json`). `ackIds`: 'column' shows each ack id,
 * 'blank' keeps the column empty (gcloud's shape after --auto-ack), 'none' leaves the column out.
 */
export function printPulled(
  messages: PulledMessage[],
  options: { json?: boolean; ackIds: 'column' | 'blank' | 'none' },
): void {
  const withColumn = options.ackIds !== 'none';
  printListing(messages, {
    json: options.json,
    headers: [
      'DATA',
      'MESSAGE_ID',
      'ORDERING_KEY',
      'ATTRIBUTES',
      'DELIVERY_ATTEMPT',
      ...(withColumn ? ['ACK_ID'] : []),
    ],
    row: (m) => [
      cell(m.data),
      m.messageId,
      m.orderingKey,
      Object.entries(m.attributes)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      m.deliveryAttempt,
      ...(withColumn ? [options.ackIds === 'column' ? m.ackId : ''] : []),
    ],
    empty: 'Listed 0 items.',
  });
}
