// Cloud Scheduler for the dashboard: every job with its next runs and last attempt, run/pause/
// resume, and the stack clock with a bounded advance.
import { invalidArgument } from '../../emulators/common/index.ts';
import { type Backends, callJson } from './backends.ts';

export function schedulerOverview(b: Backends) {
  return callJson(b.scheduler, '/_devkit/scheduler/jobs');
}

const VERBS = new Set(['run', 'pause', 'resume']);

export function jobAction(b: Backends, verb: string, input: { name?: string }) {
  if (!VERBS.has(verb)) throw invalidArgument(`unknown job action ${verb}`);
  if (
    typeof input.name !== 'string' ||
    !/^projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/]+$/.test(input.name)
  ) {
    throw invalidArgument('name must be projects/P/locations/L/jobs/J');
  }
  return callJson(b.scheduler, `/v1/${input.name}:${verb}`, { method: 'POST', json: {} });
}

/** The emulator bounds and validates the duration (INVALID_ARGUMENT beyond its maximum). */
export function advanceClock(b: Backends, input: { duration?: string }) {
  if (typeof input.duration !== 'string') throw invalidArgument('duration is required, e.g. "1h"');
  return callJson(b.scheduler, '/admin/clock:advance', {
    method: 'POST',
    json: { duration: input.duration },
  });
}
