// The files of resumable sessions in the spool directory: a descriptor `<id>.json` (written
// atomically) beside the spool file `<id>`. At start-up whatever else is there is crash debris and
// goes, as do sessions older than a week (GCS: an upload must complete within a week of starting).

import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../common/index.ts';
import { writeFileAtomic } from '../backend/atomic-file.ts';
import type { NewObjectAccess } from './acl.ts';
import type { ExpectedHashes } from './hash-check.ts';
import type { Preconditions } from './preconditions.ts';
import type { ObjectMetadataFields } from './records.ts';

/** How long a resumable session URI stays usable after its creation. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface SessionInit {
  bucket: string;
  name: string;
  fields: ObjectMetadataFields;
  pre: Preconditions;
  total?: number;
  /** `crc32c` / `md5Hash` declared in the start request's metadata, checked when the upload ends */
  expected?: ExpectedHashes;
  /** `storageClass` from the start request's metadata */
  storageClass?: string;
  /** The start request's `predefinedAcl` and uploader */
  access?: NewObjectAccess;
  /** epoch ms when the session was started (descriptors of older versions: their mtime) */
  created?: number;
}

export interface StoredSession {
  id: string;
  init: SessionInit & { created: number };
  /** Bytes already in the spool file. */
  size: number;
}

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const expired = (created: number, now: number) => now - created >= SESSION_TTL_MS;

export function saveDescriptor(dir: string, id: string, init: SessionInit): Promise<void> {
  return writeFileAtomic(join(dir, `${id}.json`), JSON.stringify(init));
}

export async function removeSessionFiles(dir: string, id: string): Promise<void> {
  await rm(join(dir, id), { force: true });
  await rm(join(dir, `${id}.json`), { force: true });
}

/**
 * The live sessions an earlier run left in `dir`. Removes expired sessions, unreadable descriptors,
 * spool files without a descriptor and half-written temp files.
 */
export async function loadSessions(dir: string, now: number, logger: Logger): Promise<StoredSession[]> {
  const entries = new Set(await readdir(dir).catch(() => [] as string[]));
  const out: StoredSession[] = [];
  const keep = new Set<string>();
  for (const entry of entries) {
    const id = entry.endsWith('.json') ? entry.slice(0, -5) : undefined;
    if (!id || !SESSION_ID.test(id)) continue;
    const init = await readDescriptor(join(dir, entry));
    if (!init || expired(init.created, now)) {
      if (!init) logger.warn('removing unreadable upload session', { file: entry });
      continue;
    }
    const size = entries.has(id) ? (await stat(join(dir, id))).size : 0;
    out.push({ id, init, size });
    keep.add(entry).add(id);
  }
  for (const entry of entries) if (!keep.has(entry)) await rm(join(dir, entry), { force: true });
  return out;
}

async function readDescriptor(file: string): Promise<(SessionInit & { created: number }) | undefined> {
  try {
    const init = JSON.parse(await readFile(file, 'utf8')) as SessionInit;
    if (typeof init !== 'object' || init === null || typeof init.bucket !== 'string') return undefined;
    if (typeof init.name !== 'string') return undefined;
    return { ...init, created: init.created ?? (await stat(file)).mtimeMs };
  } catch {
    return undefined;
  }
}
