// Journal events as log records: a publish carries the stored message (its data as the record
// body), a metadata change carries the resulting record, so replay needs no clock or ack state.
import type { JournalEvent } from '../state/index.ts';
import { encodeRecord } from './log-record.ts';

export function encodeEvent(event: JournalEvent): Buffer {
  switch (event.kind) {
    case 'publish': {
      const m = event.msg;
      return encodeRecord(
        {
          k: 'publish',
          topic: event.topic,
          seq: m.seq,
          id: Number(m.id),
          time: m.publishTime,
          size: m.size,
          ...(m.orderingKey ? { key: m.orderingKey } : {}),
          ...(Object.keys(m.attributes).length > 0 ? { attrs: m.attributes } : {}),
        },
        m.data,
      );
    }
    case 'topic': {
      const t = event.topic;
      return encodeRecord({
        k: 'topic',
        name: t.name,
        labels: t.labels,
        retentionMs: t.messageRetentionMs,
        kms: t.kmsKeyName,
        ...(t.schemaSettings ? { schema: { ...t.schemaSettings } } : {}),
      });
    }
    case 'subscription':
      return encodeRecord({
        k: 'subscription',
        config: event.queue.config,
        lastActivity: event.queue.lastActivity,
      });
    case 'snapshot': {
      const s = event.snapshot;
      return encodeRecord({
        k: 'snapshot',
        name: s.name,
        topic: s.topic,
        expireTime: s.expireTime,
        labels: s.labels,
        ...(event.created ? { seqs: [...s.messages.keys()] } : {}),
      });
    }
    case 'seek':
      return encodeRecord({ k: 'seek', subscription: event.subscription, ...event.target });
    case 'doc':
      return encodeRecord({ k: 'doc', section: event.section, key: event.key, value: event.value });
    case 'topic-deleted':
    case 'subscription-deleted':
    case 'snapshot-deleted':
      return encodeRecord({ k: event.kind, name: event.name });
  }
}
