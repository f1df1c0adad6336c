// Persistence to --data-dir: restore on open, then write the whole state (debounced, atomic)
// after changes, and once more on close.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/index.ts';
import type { ChangeKind, PubSubState } from '../state/index.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { restore } from './restore.ts';
import { type PersistedState, serialize } from './snapshot-file.ts';

const FILE = 'pubsub-state.json';
const DEBOUNCE_MS: Record<ChangeKind, number> = { meta: 20, messages: 250 };

export interface Store {
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function openStore(dir: string, state: PubSubState, logger: Logger): Promise<Store> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, FILE);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text) {
    const saved = JSON.parse(text) as PersistedState;
    if (saved.version !== 1) throw new Error(`${file}: unsupported version ${String(saved.version)}`);
    restore(state, saved);
    logger.info('restored state', {
      file,
      topics: saved.topics.length,
      subscriptions: saved.subscriptions.length,
    });
  }

  let timer: NodeJS.Timeout | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  let closed = false;
  // A big backlog makes each write expensive; writing at most ~1/3 of the time keeps it cheap.
  let lastCostMs = 0;

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    dueAt = Number.POSITIVE_INFINITY;
    if (!dirty) return writing;
    dirty = false;
    const started = Date.now();
    const data = JSON.stringify(serialize(state));
    writing = writing
      .then(() => writeFileAtomic(file, data))
      .catch((err) => logger.error('persisting state failed', { file, error: String(err) }))
      .finally(() => {
        lastCostMs = Date.now() - started;
      });
    return writing;
  };

  state.listeners.onChange = (kind) => {
    dirty = true;
    if (closed) return;
    const delay = Math.max(DEBOUNCE_MS[kind], kind === 'messages' ? 2 * lastCostMs : 0);
    const at = Date.now() + delay;
    if (at >= dueAt) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => void flush(), delay);
    timer.unref();
  };

  return {
    flush,
    async close() {
      closed = true;
      dirty = true;
      await flush();
    },
  };
}
