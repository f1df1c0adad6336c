// Queues and tasks on disk (`<dataDir>/tasks.json`, proto3 JSON as REST shows them, plus the
// runner's counters) so a restarted emulator keeps both. Each write replaces the file atomically.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TasksService } from './run/tasks-service.ts';
import { newQueue, type Queue } from './state/queue-model.ts';
import { newTask, type Task } from './state/task-model.ts';
import { msFromProto, queueFromProto, queueToProto, taskFromProto, taskToProto } from './wire/codec.ts';
import { tasksType } from './wire/load-protos.ts';
import { fromJson, toJson } from './wire/proto-json.ts';

const FILE = 'tasks.json';

interface SavedTask {
  task: unknown;
  run: Task['run'];
}

export function saveState(dir: string, service: TasksService): void {
  const queueType = tasksType('Queue');
  const taskType = tasksType('Task');
  const queues = service.queues.all();
  const tasks: SavedTask[] = queues.flatMap((q) =>
    service.tasks
      .tasksOf(q.name)
      .map((t) => ({ task: toJson(taskType, taskToProto(t, 'FULL')), run: t.run })),
  );
  mkdirSync(dir, { recursive: true });
  const file = join(dir, FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify({ queues: queues.map((q) => toJson(queueType, queueToProto(q))), tasks }),
  );
  renameSync(tmp, file);
}

/** Loads what `dir` holds into a fresh service; nothing when there is no file yet. */
export function loadState(dir: string, service: TasksService, now: number): void {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const saved = JSON.parse(text) as { queues?: unknown[]; tasks?: SavedTask[] };
  for (const json of saved.queues ?? []) {
    const p = fromJson(tasksType('Queue'), json);
    const queue: Queue = newQueue(p.name, queueFromProto(p));
    queue.state = p.state ?? 'RUNNING';
    queue.retryConfig.maxDoublings = p.retryConfig?.maxDoublings ?? queue.retryConfig.maxDoublings;
    if (p.purgeTime) queue.purgeTime = msFromProto(p.purgeTime);
    service.queues.put(queue);
  }
  for (const { task: json, run } of saved.tasks ?? []) {
    const p = fromJson(tasksType('Task'), json);
    const task = newTask(p.name, taskFromProto(p), Math.min(now, msFromProto(p.scheduleTime) ?? now), 0);
    Object.assign(task, {
      scheduleTime: msFromProto(p.scheduleTime) ?? now,
      createTime: msFromProto(p.createTime) ?? now,
      dispatchCount: p.dispatchCount ?? 0,
      responseCount: p.responseCount ?? 0,
      firstAttempt: p.firstAttempt && { dispatchTime: msFromProto(p.firstAttempt.dispatchTime) },
      lastAttempt: p.lastAttempt && {
        scheduleTime: msFromProto(p.lastAttempt.scheduleTime),
        dispatchTime: msFromProto(p.lastAttempt.dispatchTime),
        responseTime: msFromProto(p.lastAttempt.responseTime),
        responseStatus: p.lastAttempt.responseStatus,
      },
      run: { ...run, inFlight: 0 },
    });
    service.restoreTask(task);
  }
}
