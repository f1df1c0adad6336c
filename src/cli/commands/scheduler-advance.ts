// `devkit scheduler advance <duration|time>`: moves the Scheduler stand-in's clock through its
// admin endpoint (POST /admin/clock:advance on the scheduler port), firing every job that falls due.
import type { Command } from 'commander';

export interface AdvanceFlags {
  host?: string;
  json?: boolean;
}

/** `2026-03-08T07:00:00Z` moves to that instant; anything else (`90s`, `1h30m`, `2d`) is a duration. */
export function advanceBody(arg: string): { time: string } | { duration: string } {
  return /^\d{4}-\d{2}-\d{2}T/.test(arg) ? { time: arg } : { duration: arg };
}

/**
 * Calls the admin endpoint; resolves to the emulator's new time and the jobs whose runs past the
 * per-call firing budget were coalesced into one; rejects with the emulator's error message.
 */
export async function advanceSchedulerClock(
  hostPort: string,
  arg: string,
): Promise<{ now: string; coalesced: string[] }> {
  const base = hostPort.startsWith('http') ? hostPort : `http://${hostPort}`;
  const url = `${base.replace(/\/$/, '')}/admin/clock:advance`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(advanceBody(arg)),
  }).catch((err: Error & { cause?: Error }) => {
    throw new Error(`cannot reach the scheduler emulator at ${url} (${err.cause?.message ?? err.message})`);
  });
  const json = (await res.json().catch(() => ({}))) as {
    now?: string;
    coalesced?: string[];
    error?: { message?: string; status?: string };
  };
  if (!res.ok || !json.now) {
    throw new Error(`${json.error?.status ?? res.status}: ${json.error?.message ?? res.statusText}`);
  }
  return { now: json.now, coalesced: json.coalesced ?? [] };
}

export function register(program: Command): void {
  const scheduler =
    program.commands.find((c) => c.name() === 'scheduler') ??
    program.command('scheduler').description('the Cloud Scheduler stand-in');
  scheduler
    .command('advance')
    .description(
      'move the scheduler clock forward by a duration (90s, 15m, 1h30m, 2d) or to an RFC 3339 time',
    )
    .argument('<durationOrTime>', 'e.g. 1h, or 2026-03-08T07:00:00Z')
    .option('--host <host:port>', 'scheduler emulator (default: $CLOUD_SCHEDULER_EMULATOR_HOST)')
    .option('--json', 'print {"now": ...} as JSON')
    .action(async (arg: string, flags: AdvanceFlags, command: Command) => {
      const host = flags.host ?? process.env.CLOUD_SCHEDULER_EMULATOR_HOST;
      if (!host) command.error('devkit: no scheduler: pass --host or set CLOUD_SCHEDULER_EMULATOR_HOST');
      try {
        const { now, coalesced } = await advanceSchedulerClock(host as string, arg);
        if (coalesced.length > 0) {
          process.stderr.write(
            `devkit: past the first 1,000 firings each of these jobs ran once for the rest: ${coalesced.join(', ')}\n`,
          );
        }
        process.stdout.write(flags.json ? `${JSON.stringify({ now })}\n` : `scheduler clock now ${now}\n`);
      } catch (err) {
        command.error(`devkit: scheduler advance failed: ${(err as Error).message}`);
      }
    });
}
