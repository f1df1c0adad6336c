// The auditor follows `processing`, `complete` and the dead-letter topic, knows what is in flight,
// and reports units that started and never finished (no complete, and no live lease in Redis)
// and units that were dead-lettered. Counts are exposed for scenarios.
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import type { Logger } from '../../emulators/common/index.ts';
import { type AuditCounts, type AuditEvent, createAuditLedger } from './audit-ledger.ts';
import type { WorkflowKeys } from './keys.ts';
import { InvalidUnitError, unitFromMessage } from './unit.ts';

export interface AuditReport {
  report: 'stalled' | 'dead-lettered';
  unitKey: string;
  workers: string[];
  starts: number;
  at: string;
}

export interface AuditorOptions {
  pubsub: PubSub;
  /**
   * Is a lease or a done marker present for a quiet unit? When the client can also `set`/`del`,
   * each report is kept under `keys.report(kind, unit)` for a day (a stalled one until the unit
   * completes), so the dashboard can list them.
   */
  redis: {
    exists(key: string): Promise<number>;
    set?(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
    del?(key: string): Promise<number>;
  };
  keys: WorkflowKeys;
  logger: Logger;
  subscriptions: { processing: string; complete: string; dead?: string };
  /** A started unit quiet this long, with no lease and no done marker, is stalled. Default 30 s. */
  stalledAfterMs?: number;
  /** How often to look for stalled units. Default stalledAfterMs / 4. */
  sweepMs?: number;
  onReport?: (report: AuditReport) => void;
}

export interface Auditor {
  start(): void;
  stop(): Promise<void>;
  counts(): AuditCounts;
  reports(): readonly AuditReport[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** How long a report stays listed in Redis. */
const REPORT_TTL_S = 86_400;

export function createAuditor(options: AuditorOptions): Auditor {
  const ledger = createAuditLedger();
  const reports: AuditReport[] = [];
  const stalledAfterMs = options.stalledAfterMs ?? 30_000;
  const open: Subscription[] = [];
  let timer: NodeJS.Timeout | undefined;
  const emit = (report: AuditReport['report'], unitKey: string) => {
    const record = ledger.get(unitKey);
    const entry = {
      report,
      unitKey,
      workers: [...(record?.workers ?? [])].sort(),
      starts: record?.starts ?? 0,
      at: new Date().toISOString(),
    };
    reports.push(entry);
    void options.redis
      .set?.(options.keys.report(report, unitKey), JSON.stringify(entry), 'EX', REPORT_TTL_S)
      .catch(() => {});
    options.logger.warn(`unit ${report}`, { unit: unitKey, workers: entry.workers, starts: entry.starts });
    options.onReport?.(entry);
  };
  const follow = (name: string, event: AuditEvent) => {
    const subscription = options.pubsub.subscription(name);
    subscription.on('message', (message: Message) => {
      try {
        const unit = unitFromMessage(message);
        ledger.record(event, unit.key, message.attributes.workerId, message.publishTime.getTime());
        options.logger.debug('recorded', { event, unit: unit.key, workerId: message.attributes.workerId });
        if (event === 'dead-lettered') emit('dead-lettered', unit.key);
        if (event === 'complete')
          void options.redis.del?.(options.keys.report('stalled', unit.key)).catch(() => {});
      } catch (err) {
        if (!(err instanceof InvalidUnitError)) throw err;
        options.logger.warn('not a unit message, ignored', { subscription: name, messageId: message.id });
      }
      message.ack();
    });
    subscription.on('error', (err: Error) =>
      options.logger.error('subscription failed', { subscription: name, error: err.message }),
    );
    open.push(subscription);
  };
  const sweep = async () => {
    for (const record of ledger.quietSince(Date.now(), stalledAfterMs)) {
      if (record.deadLettered) continue;
      const [claimed, done] = await Promise.all([
        options.redis.exists(options.keys.claim(record.unitKey)),
        options.redis.exists(options.keys.done(record.unitKey)),
      ]).catch(() => [1, 0]); // Redis unreachable: decide next sweep
      options.logger.debug('quiet unit', { unit: record.unitKey, claimed, done });
      if (claimed || done) continue;
      ledger.markStalled(record.unitKey);
      emit('stalled', record.unitKey);
    }
  };
  return {
    start() {
      follow(options.subscriptions.processing, 'processing');
      follow(options.subscriptions.complete, 'complete');
      if (options.subscriptions.dead) follow(options.subscriptions.dead, 'dead-lettered');
      const every = options.sweepMs ?? Math.max(100, Math.floor(stalledAfterMs / 4));
      timer = setInterval(() => void sweep(), every);
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(open.splice(0).map((s) => s.close().catch(() => {})));
    },
    counts: () => ledger.counts(),
    reports: () => reports,
    [Symbol.asyncDispose]() {
      return this.stop();
    },
  };
}
