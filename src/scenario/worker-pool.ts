// Real worker processes (`devkit worker`) for scenarios: spawn, crash (SIGKILL), pause (SIGSTOP),
// resume, drain (SIGTERM). Their JSON log lines become timeline events.
import { type ChildProcess, spawn } from 'node:child_process';
import { isTypeScript, KIT_ROOT, tsxImportArgs } from '../kit-paths.ts';
import { stopChild, track } from '../stack/children.ts';
import type { Timeline, TimelineEventType } from './timeline.ts';

const DEVKIT_BIN = `${KIT_ROOT}/bin/devkit.js`;

/** Worker log messages (see src/workflow) and the timeline event each one means. */
const LOG_EVENTS: Array<[RegExp, TimelineEventType]> = [
  [/^claimed$/, 'claim'],
  [/^completed$/, 'complete'],
  [/^duplicate/, 'duplicate'],
  [/^unit not claimed/, 'duplicate'],
  [/^lease lost/, 'release'],
  [/^unit failed|drain timeout/, 'release'],
  [/^redis unavailable/, 'outage'],
];

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Its log pipe closed: every line it wrote is on the timeline. */
  closed: Promise<void>;
}

export interface WorkerProgram {
  /** A script to run instead of the devkit CLI (a .ts one runs through tsx, resolved from the kit). */
  script?: string;
  nodeArgs?: string[];
  /** Extra environment of this pool's processes, over the run's env. */
  env?: Record<string, string>;
  /** Worker ids are `<idPrefix>1`, `<idPrefix>2`, ... Default `w`. */
  idPrefix?: string;
}

export class WorkerPool {
  private readonly workers = new Map<string, WorkerProcess>();
  private readonly lastLines = new Map<string, string>();
  private next = 1;

  constructor(
    private readonly env: Record<string, string>,
    private readonly timeline: Timeline,
    /** Arguments after `devkit` (or after the script, see `program`), for a worker id. */
    private readonly argsFor: (id: string) => string[],
    /** What node runs (the devkit CLI by default, or a script with its node flags) and lane names. */
    private readonly program: WorkerProgram = {},
  ) {}

  /** Starts `n` more workers, named w1, w2, ... (or with the pool's id prefix). */
  start(n: number): WorkerProcess[] {
    return Array.from({ length: n }, () => this.spawnOne(`${this.program.idPrefix ?? 'w'}${this.next++}`));
  }

  private spawnOne(id: string): WorkerProcess {
    const { script = DEVKIT_BIN, nodeArgs = [] } = this.program;
    const loader = isTypeScript(script) && !nodeArgs.includes('tsx') ? tsxImportArgs() : [];
    const child = track(
      spawn(process.execPath, [...loader, ...nodeArgs, script, ...this.argsFor(id)], {
        env: {
          ...process.env,
          ...this.env,
          ...this.program.env,
          DEVKIT_LOG_LEVEL: 'info',
          DEVKIT_WORKER_ID: id,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let buffer = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        this.onLog(id, buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    });
    void exited.then((code) => {
      if (child.signalCode !== 'SIGKILL')
        this.timeline.record(id, 'exit', { detail: `code ${code ?? child.signalCode}` });
    });
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const worker = { id, child, exited, closed };
    this.workers.set(id, worker);
    this.timeline.record(id, 'start');
    return worker;
  }

  private onLog(id: string, line: string): void {
    let entry: { msg?: string; unit?: string; error?: string; level?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      // Not a log line of ours: a crash trace or a library warning. Keep the tail for diagnosis.
      if (line.trim()) this.lastLines.set(id, line.trim().slice(0, 300));
      return;
    }
    const match = LOG_EVENTS.find(([re]) => re.test(entry.msg ?? ''));
    if (match) this.timeline.record(id, match[1], { unit: entry.unit, detail: entry.error ?? entry.msg });
    else if (entry.level === 'error')
      this.timeline.record(id, 'note', { detail: `${entry.msg}: ${entry.error ?? ''}` });
  }

  /** The last non-log line a worker printed (its crash message, when it died on its own). */
  lastLine(id: string): string | undefined {
    return this.lastLines.get(id);
  }

  ids(): string[] {
    return [...this.workers.keys()];
  }

  alive(): string[] {
    return [...this.workers.values()]
      .filter((w) => w.child.exitCode === null && w.child.signalCode === null)
      .map((w) => w.id);
  }

  get(id: string): WorkerProcess {
    const worker = this.workers.get(id);
    if (!worker) throw new Error(`no worker ${id}`);
    return worker;
  }

  /** SIGKILL: the worker dies mid-unit, holding whatever it claimed. */
  crash(id: string): void {
    this.get(id).child.kill('SIGKILL');
    this.timeline.record(id, 'crash', { detail: 'SIGKILL' });
  }

  pause(id: string): void {
    this.get(id).child.kill('SIGSTOP');
    this.timeline.record(id, 'pause', { detail: 'SIGSTOP' });
  }

  resume(id: string): void {
    this.get(id).child.kill('SIGCONT');
    this.timeline.record(id, 'resume', { detail: 'SIGCONT' });
  }

  /** SIGTERM every live worker and wait: they drain and exit 0. Returns exit codes by id. */
  async stopAll(graceMs = 25_000): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    await Promise.all(
      [...this.workers.values()].map(async (w) => {
        if (w.child.signalCode === 'SIGSTOP') w.child.kill('SIGCONT');
        await stopChild(w.child, 'SIGTERM', graceMs);
        codes[w.id] = await w.exited;
      }),
    );
    return codes;
  }
}
