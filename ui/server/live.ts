// Live updates for open pages over Server-Sent Events: the overview (polled once a second while a
// page is open, sent only when it changed) and scenario timeline events as they are recorded.
import type { ServerResponse } from 'node:http';

export interface TimelineEventView {
  t: number;
  lane: string;
  type: string;
  unit?: string;
  detail?: string;
}

export interface ScenarioRunView {
  id: number;
  name: string;
  description: string;
  startedAt: string;
  status: 'running' | 'passed' | 'failed' | 'skipped';
  events: TimelineEventView[];
}

/** What a scenario runner calls while it runs (see `src/scenario` RunOptions.onStack). */
export interface ScenarioFeed {
  event(e: TimelineEventView): void;
  finish(status: ScenarioRunView['status']): void;
}

export class LiveHub {
  readonly scenarios: ScenarioRunView[] = [];
  private readonly clients = new Set<ServerResponse>();
  private last = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly overview: () => Promise<unknown>,
    private readonly intervalMs = 1000,
  ) {}

  /** Keeps `res` as an SSE stream until the page goes away; sends the current state at once. */
  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.pause();
    });
    send(res, 'scenarios', this.scenarios);
    if (this.last) res.write(`event: overview\ndata: ${this.last}\n\n`);
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
  }

  startScenario(name: string, description: string): ScenarioFeed {
    const run: ScenarioRunView = {
      id: this.scenarios.length + 1,
      name,
      description,
      startedAt: new Date().toISOString(),
      status: 'running',
      events: [],
    };
    this.scenarios.push(run);
    this.broadcast('scenario', run);
    return {
      event: (e) => {
        run.events.push(e);
        this.broadcast('timeline', { id: run.id, event: e });
      },
      finish: (status) => {
        run.status = status;
        this.broadcast('scenario', { ...run, events: undefined });
      },
    };
  }

  /** Recomputes the overview now (after an action) instead of waiting for the next tick. */
  async refresh(): Promise<void> {
    if (this.clients.size > 0) await this.tick();
  }

  close(): void {
    this.pause();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private ticking = false;

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const text = JSON.stringify(await this.overview());
      if (text !== this.last) {
        this.last = text;
        for (const res of this.clients) res.write(`event: overview\ndata: ${text}\n\n`);
      }
    } finally {
      this.ticking = false;
    }
  }

  private broadcast(event: string, data: unknown): void {
    for (const res of this.clients) send(res, event, data);
  }
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
