// Opening a data dir: the last snapshot file, then every change-log file it does not contain, in
// generation order. A torn or corrupt tail (a crash in the middle of a write) is ignored and
// reported: it can only hold records whose callers were never answered.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/index.ts';
import type { PubSubState, StoredMessage } from '../state/index.ts';
import { logGeneration } from './group-commit-log.ts';
import { decodeRecords } from './log-record.ts';
import { applyRecord } from './replay.ts';
import { restore } from './restore.ts';
import type { PersistedState } from './snapshot-file.ts';

export const STATE_FILE = 'pubsub-state.json';

export interface Recovered {
  /** The generation the next log file gets (above every file found). */
  nextGen: number;
  /** How many log files were found (replayed or already contained in the snapshot). */
  logFiles: number;
  replayed: number;
}

export async function recover(dir: string, state: PubSubState, logger: Logger): Promise<Recovered> {
  const file = path.join(dir, STATE_FILE);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  let known = new Map<number, StoredMessage>();
  let nextLog = 0;
  if (text) {
    const saved = JSON.parse(text) as PersistedState;
    if (saved.version !== 1) throw new Error(`${file}: unsupported version ${String(saved.version)}`);
    known = restore(state, saved);
    nextLog = saved.nextLog ?? 0;
    logger.info('restored state', {
      file,
      topics: saved.topics.length,
      subscriptions: saved.subscriptions.length,
    });
  }
  const logs = (await readdir(dir))
    .map((name) => ({ name, gen: logGeneration(name) }))
    .filter((f): f is { name: string; gen: number } => f.gen !== undefined)
    .sort((a, b) => a.gen - b.gen);
  let replayed = 0;
  for (const log of logs) {
    if (log.gen < nextLog) continue;
    const logPath = path.join(dir, log.name);
    const decoded = decodeRecords(await readFile(logPath));
    for (const record of decoded.records) {
      try {
        applyRecord(state, record, known);
        replayed++;
      } catch (err) {
        logger.warn('skipped a change-log record that no longer applies', {
          file: logPath,
          error: String(err),
        });
      }
    }
    if (decoded.damaged) {
      logger.warn('change log ends in a torn or corrupt record; the rest of the file is ignored', {
        file: logPath,
        validBytes: decoded.validBytes,
      });
    }
  }
  if (replayed > 0) logger.info('replayed change log', { dir, records: replayed });
  const maxGen = Math.max(nextLog - 1, 0, ...logs.map((l) => l.gen));
  return { nextGen: maxGen + 1, logFiles: logs.length, replayed };
}
