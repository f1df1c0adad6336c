// Live progress while a scenario runs, computed from its timeline: units done, in flight,
// duplicates suppressed, redeliveries. One rewritten line on a TTY, a line every few seconds otherwise.
import type { Timeline } from './timeline.ts';

export interface ProgressCounts {
  done: number;
  inFlight: number;
  duplicates: number;
  redeliveries: number;
  crashes: number;
}

export function progressCounts(timeline: Timeline): ProgressCounts {
  const claimedUnits = new Set<string>();
  let claims = 0;
  let redeliveries = 0;
  for (const e of timeline.events) {
    if (e.type !== 'claim' || !e.unit) continue;
    claims++;
    if (claimedUnits.has(e.unit)) redeliveries++;
    claimedUnits.add(e.unit);
  }
  const done = timeline.count('complete');
  const released = timeline.count('release');
  return {
    done,
    inFlight: Math.max(0, claims - done - released - timeline.count('crash')),
    duplicates: timeline.count('duplicate'),
    redeliveries,
    crashes: timeline.count('crash'),
  };
}

export function startProgress(
  name: string,
  timeline: Timeline,
  out: NodeJS.WriteStream = process.stderr,
): () => void {
  const tty = Boolean(out.isTTY);
  let last = '';
  const render = () => {
    const c = progressCounts(timeline);
    const line = `  ${name} ${(timeline.elapsedMs / 1000).toFixed(1)}s  done ${c.done}  in flight ${c.inFlight}  duplicates suppressed ${c.duplicates}  redeliveries ${c.redeliveries}  crashes ${c.crashes}`;
    if (tty) out.write(`\r\x1b[2K${line}`);
    else if (line.replace(/ [\d.]+s /, ' ') !== last.replace(/ [\d.]+s /, ' ')) out.write(`${line}\n`);
    last = line;
  };
  const timer = setInterval(render, tty ? 250 : 2000);
  return () => {
    clearInterval(timer);
    render();
    if (tty) out.write('\n');
  };
}
