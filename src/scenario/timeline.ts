// Events over time, per lane (a worker, Redis, an emulator, the fault injector): what the HTML
// report draws and what invariants can reason about.

export type TimelineEventType =
  | 'start'
  | 'exit'
  | 'crash'
  | 'pause'
  | 'resume'
  | 'claim'
  | 'complete'
  | 'duplicate'
  | 'release'
  | 'fault'
  | 'outage'
  | 'recovered'
  | 'note';

export interface TimelineEvent {
  /** Milliseconds since the scenario started. */
  t: number;
  lane: string;
  type: TimelineEventType;
  unit?: string;
  detail?: string;
}

export class Timeline {
  readonly events: TimelineEvent[] = [];
  private readonly started = Date.now();
  /** Called with every event as it is recorded (the dashboard's live timeline). */
  onEvent?: (event: TimelineEvent) => void;

  record(lane: string, type: TimelineEventType, extra: { unit?: string; detail?: string } = {}): void {
    const event = { t: Date.now() - this.started, lane, type, ...extra };
    this.events.push(event);
    this.onEvent?.(event);
  }

  /** An event that happened elsewhere at `epochMs` (e.g. a fault an emulator injected), in time order. */
  recordAt(
    epochMs: number,
    lane: string,
    type: TimelineEventType,
    extra: { unit?: string; detail?: string } = {},
  ): void {
    const event = { t: Math.max(0, epochMs - this.started), lane, type, ...extra };
    let i = this.events.length;
    while (i > 0 && this.events[i - 1]!.t > event.t) i--;
    this.events.splice(i, 0, event);
    this.onEvent?.(event);
  }

  lanes(): string[] {
    return [...new Set(this.events.map((e) => e.lane))].sort(laneOrder);
  }

  count(type: TimelineEventType, lane?: string): number {
    return this.events.filter((e) => e.type === type && (lane === undefined || e.lane === lane)).length;
  }

  get elapsedMs(): number {
    return Date.now() - this.started;
  }
}

/** Workers first in numeric order (w1, w2, ..., w10), then infrastructure lanes by name. */
function laneOrder(a: string, b: string): number {
  const wa = /^w(\d+)$/.exec(a);
  const wb = /^w(\d+)$/.exec(b);
  if (wa && wb) return Number(wa[1]) - Number(wb[1]);
  if (wa) return -1;
  if (wb) return 1;
  return a.localeCompare(b);
}
