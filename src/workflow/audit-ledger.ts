// What the auditor knows, as pure data: units announced `processing`, `complete`, or dead-lettered,
// and which started units have gone quiet. No I/O here; the auditor feeds it and asks it.

export type AuditEvent = 'processing' | 'complete' | 'dead-lettered';

export interface UnitRecord {
  readonly unitKey: string;
  starts: number;
  completes: number;
  deadLettered: boolean;
  workers: Set<string>;
  lastStartAt: number;
  /** Set once reported stalled for the current start; cleared by a new start. */
  reportedStalled: boolean;
}

export interface AuditCounts {
  /** Distinct units announced `processing`. */
  started: number;
  /** Distinct units announced `complete`. */
  completed: number;
  /** Started, not complete, not dead-lettered. */
  inFlight: number;
  /** Units reported stalled (started, lease gone, never complete) at least once and still not complete. */
  stalled: number;
  deadLettered: number;
  /** `complete` announcements beyond the first per unit. */
  duplicateCompletes: number;
}

export interface AuditLedger {
  record(event: AuditEvent, unitKey: string, workerId: string | undefined, at: number): void;
  /** Started units without complete whose last start is older than `quietMs`, not yet reported. */
  quietSince(now: number, quietMs: number): UnitRecord[];
  markStalled(unitKey: string): void;
  counts(): AuditCounts;
  get(unitKey: string): UnitRecord | undefined;
}

export function createAuditLedger(): AuditLedger {
  const units = new Map<string, UnitRecord>();
  const entry = (unitKey: string): UnitRecord => {
    let record = units.get(unitKey);
    if (!record) {
      record = {
        unitKey,
        starts: 0,
        completes: 0,
        deadLettered: false,
        workers: new Set(),
        lastStartAt: 0,
        reportedStalled: false,
      };
      units.set(unitKey, record);
    }
    return record;
  };
  return {
    record(event, unitKey, workerId, at) {
      const record = entry(unitKey);
      if (workerId) record.workers.add(workerId);
      if (event === 'processing') {
        record.starts++;
        record.lastStartAt = Math.max(record.lastStartAt, at);
        record.reportedStalled = false;
      } else if (event === 'complete') record.completes++;
      else record.deadLettered = true;
    },
    quietSince: (now, quietMs) =>
      [...units.values()].filter(
        (r) => r.starts > 0 && r.completes === 0 && !r.reportedStalled && now - r.lastStartAt >= quietMs,
      ),
    markStalled(unitKey) {
      entry(unitKey).reportedStalled = true;
    },
    counts() {
      const all = [...units.values()];
      const open = (r: UnitRecord) => r.starts > 0 && r.completes === 0;
      return {
        started: all.filter((r) => r.starts > 0).length,
        completed: all.filter((r) => r.completes > 0).length,
        inFlight: all.filter((r) => open(r) && !r.deadLettered).length,
        stalled: all.filter((r) => open(r) && r.reportedStalled).length,
        deadLettered: all.filter((r) => r.deadLettered).length,
        duplicateCompletes: all.reduce((n, r) => n + Math.max(0, r.completes - 1), 0),
      };
    },
    get: (unitKey) => units.get(unitKey),
  };
}
