// The claim-and-process flow as Redis holds it: who claims which unit and for how much longer,
// and how many units are done, per key prefix (each scenario or deployment has its own).
import { Redis } from 'ioredis';

export interface ClaimView {
  prefix: string;
  unit: string;
  worker: string;
  leaseRemainingMs: number;
}

export interface WorkflowView {
  claims: ClaimView[];
  /** Done markers per prefix (counted up to `limit`). */
  done: Record<string, number>;
  /** What the auditor reported (stalled, dead-lettered), newest first. */
  reports: Array<{ prefix: string; report: string; unitKey: string; workers: string[]; at: string }>;
  /** More keys than the view reads (it stops at 5,000 of each). */
  truncated: boolean;
}

const LIMIT = 5000;

/** A small reader over one Redis connection; `close()` when the dashboard stops. */
export function workflowReader(url: string) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 5000 });
  redis.on('error', () => {}); // reported per call instead
  const scan = async (match: string) => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0' && keys.length < LIMIT);
    return { keys: keys.slice(0, LIMIT), truncated: cursor !== '0' };
  };
  return {
    async read(): Promise<WorkflowView> {
      const claims = await scan('*:claim:*');
      const done = await scan('*:done:*');
      const audit = await scan('*:audit:*');
      const pipeline = redis.pipeline();
      for (const key of claims.keys) pipeline.get(key).pttl(key);
      for (const key of audit.keys) pipeline.get(key);
      const replies = (await pipeline.exec()) ?? [];
      const reports = audit.keys.flatMap((key, i) => {
        try {
          const entry = JSON.parse(String(replies[2 * claims.keys.length + i]?.[1] ?? ''));
          return [{ prefix: key.slice(0, key.indexOf(':audit:')), ...entry }];
        } catch {
          return []; // expired between SCAN and GET, or not ours
        }
      });
      reports.sort((a, b) => String(b.at).localeCompare(String(a.at)));
      const views: ClaimView[] = claims.keys.map((key, i) => {
        const [prefix, unit] = splitKey(key, ':claim:');
        const owner = String(replies[2 * i]?.[1] ?? '');
        return {
          prefix,
          unit,
          worker: owner.slice(0, owner.lastIndexOf(':')) || owner,
          leaseRemainingMs: Number(replies[2 * i + 1]?.[1] ?? -2),
        };
      });
      const counts: Record<string, number> = {};
      for (const key of done.keys) {
        const [prefix] = splitKey(key, ':done:');
        counts[prefix] = (counts[prefix] ?? 0) + 1;
      }
      views.sort((a, b) => a.prefix.localeCompare(b.prefix) || a.unit.localeCompare(b.unit));
      return {
        claims: views,
        done: counts,
        reports,
        truncated: claims.truncated || done.truncated || audit.truncated,
      };
    },
    close: () => redis.quit().catch(() => redis.disconnect()),
  };
}

function splitKey(key: string, marker: string): [string, string] {
  const at = key.indexOf(marker);
  return [key.slice(0, at), key.slice(at + marker.length)];
}
