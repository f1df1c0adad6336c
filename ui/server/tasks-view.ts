// Cloud Tasks for the dashboard: queues with their rates and tasks with their attempts, read from
// the emulator's inspection endpoint (every queue of every location).
import type { Backends } from './backends.ts';
import { callJson } from './backends.ts';

export function tasksOverview(b: Backends) {
  return callJson(b.tasks, '/_devkit/tasks/queues');
}
