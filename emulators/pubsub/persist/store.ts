// Persistence to --data-dir: recover on open; then every publish and metadata change goes to the
// change log before its caller is answered (group commit), and the whole state is compacted into
// the snapshot file in the background, after which the log files it contains are deleted.
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/index.ts';
import type { ChangeKind, PubSubState } from '../state/index.ts';
import { fsyncDir, writeFileAtomic } from './atomic-write.ts';
import { GroupCommitLog, logGeneration } from './group-commit-log.ts';
import { encodeEvent } from './journal-codec.ts';
import { recover, STATE_FILE } from './recover.ts';
import { serialize } from './snapshot-file.ts';

/** How soon after a change the state is compacted; only acks depend on it (the log has the rest). */
const COMPACT_AFTER_MS: Record<ChangeKind, number> = { meta: 250, messages: 1000 };

export interface Store {
  /** Compacts now if anything changed since the last compaction. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function openStore(dir: string, state: PubSubState, logger: Logger): Promise<Store> {
  await mkdir(dir, { recursive: true });
  const recovered = await recover(dir, state, logger);
  const file = path.join(dir, STATE_FILE);
  const log = new GroupCommitLog(dir, recovered.nextGen, logger);

  let timer: NodeJS.Timeout | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  let compacting: Promise<void> = Promise.resolve();
  let dirty = recovered.logFiles > 0;
  let closed = false;
  // A big backlog makes each compaction expensive; compacting at most ~1/3 of the time keeps it cheap.
  let lastCostMs = 0;

  const compact = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    dueAt = Number.POSITIVE_INFINITY;
    if (!dirty) return compacting;
    dirty = false;
    compacting = compacting
      .then(async () => {
        const started = Date.now();
        // One synchronous step: the snapshot holds exactly the records of the older generations.
        const nextLog = log.rotate();
        const data = JSON.stringify(serialize(state, nextLog));
        await writeFileAtomic(file, data);
        // Older generations may still have a batch in flight; it must land before its file goes.
        await log.barrier()?.catch(() => {});
        await removeLogsBelow(dir, nextLog);
        lastCostMs = Date.now() - started;
      })
      .catch((err) => logger.error('compacting state failed', { file, error: String(err) }));
    return compacting;
  };

  if (dirty) await compact();
  state.journal = {
    record: (event) => log.append(encodeEvent(event)),
    barrier: () => log.barrier(),
  };
  state.listeners.onChange = (kind) => {
    dirty = true;
    if (closed) return;
    const delay = Math.max(COMPACT_AFTER_MS[kind], 2 * lastCostMs);
    const at = Date.now() + delay;
    if (at >= dueAt) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => void compact(), delay);
    timer.unref();
  };

  return {
    flush: compact,
    async close() {
      closed = true;
      dirty = true;
      await compact();
      await log.close();
      state.journal = undefined;
    },
  };
}

async function removeLogsBelow(dir: string, gen: number): Promise<void> {
  const old = (await readdir(dir)).filter((name) => (logGeneration(name) ?? gen) < gen);
  if (old.length === 0) return;
  await Promise.all(old.map((name) => rm(path.join(dir, name), { force: true })));
  await fsyncDir(dir);
}
