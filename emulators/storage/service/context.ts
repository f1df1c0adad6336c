// What every storage operation needs: the backend, time, the commit lock, generation minting and
// the sink that receives object events (for notifications).
import type { Clock, Logger } from '../../common/index.ts';
import type { StorageBackend } from '../backend/backend.ts';
import type { EventType, ObjectRecord } from './records.ts';

export interface ObjectEvent {
  type: EventType;
  object: ObjectRecord;
  /** On FINALIZE: the generation this write replaced. */
  overwroteGeneration?: number;
  /** On DELETE/ARCHIVE caused by an overwrite: the generation that replaced it. */
  overwrittenByGeneration?: number;
  /** epoch ms */
  time: number;
}

export interface StorageContext {
  backend: StorageBackend;
  clock: Clock;
  logger: Logger;
  project: string;
  /** The soft-delete window given to new buckets that name none (default: GCS's 7 days). */
  softDeleteDefaultSeconds?: number;
  /** Runs `fn` with every other commit excluded, so check-then-write steps are atomic. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** A fresh generation: microseconds since the epoch, strictly increasing. */
  nextGeneration(): number;
  emit(event: ObjectEvent): void;
}

export async function createContext(opts: {
  backend: StorageBackend;
  clock: Clock;
  logger: Logger;
  project: string;
  softDeleteDefaultSeconds?: number;
  emit: (event: ObjectEvent) => void;
}): Promise<StorageContext> {
  let last = 0;
  for (const bucket of await opts.backend.listBuckets()) {
    for (const o of await opts.backend.listObjects(bucket.name)) last = Math.max(last, o.generation);
  }
  let chain: Promise<unknown> = Promise.resolve();
  return {
    ...opts,
    exclusive<T>(fn: () => Promise<T>): Promise<T> {
      const run = chain.then(fn, fn);
      chain = run.catch(() => undefined);
      return run;
    },
    nextGeneration() {
      last = Math.max(last + 1, opts.clock.now() * 1000);
      return last;
    },
  };
}
