// Resumable upload sessions. Bytes spool to a file per session (never RAM); each PUT appends the
// part of its body beyond what is already persisted, and the session finalizes once the declared
// total (or an open-ended final request) has arrived. Sessions expire a week after they start.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  type CancelTimer,
  type DevkitError,
  invalidArgument,
  notFound,
  toDevkitError,
} from '../../common/index.ts';
import { StreamHasher } from '../hash/hashing.ts';
import type { Md5Offload } from '../hash/md5-offload.ts';
import type { StorageContext } from './context.ts';
import { type ExpectedHashes, verifyHashes } from './hash-check.ts';
import { finalizeObject } from './objects.ts';
import type { ObjectRecord } from './records.ts';
import {
  expired,
  loadSessions,
  removeSessionFiles,
  type SessionInit,
  saveDescriptor,
} from './session-files.ts';
import { appendToSpool, type Spool, spoolSize, spoolToBlob } from './upload-spool.ts';

/** A PUT's Content-Range: `bytes A-B/T`, `bytes A-*\/T` and `bytes *\/T` forms; `undefined` fields are `*`. */
export interface UploadRange {
  /** undefined for a status query (`bytes *\/…`) */
  start?: number;
  /** inclusive; undefined when open-ended (`A-*`) or a status query */
  end?: number;
  total?: number;
}

/** How often abandoned sessions are looked for (besides at start-up and on use). */
const SWEEP_EVERY_MS = 60 * 60 * 1000;

interface Session extends SessionInit, Spool {
  id: string;
  dir: string;
  created: number;
  result?: ObjectRecord;
  failure?: DevkitError;
  /** serializes PUTs of one session */
  chain: Promise<unknown>;
  /** PUTs queued or running */
  inFlight: number;
}

export type ChunkOutcome = { done: true; object: ObjectRecord } | { done: false; persisted: number };

export class UploadSessions {
  private readonly sessions = new Map<string, Session>();
  private cancelSweep: CancelTimer | undefined;

  constructor(
    private readonly ctx: StorageContext,
    /** Where sessions compute their MD5, off the thread that receives the bytes. */
    private readonly md5: Md5Offload,
  ) {}

  async create(init: SessionInit): Promise<string> {
    const id = randomUUID();
    // The session's description sits beside its spool file, so a data dir keeps it across restarts.
    const dir = await this.ctx.backend.spoolDir();
    const created = this.ctx.clock.now();
    await saveDescriptor(dir, id, { ...init, created });
    this.sessions.set(id, this.session(dir, id, { ...init, created }, 0));
    this.armSweep();
    return id;
  }

  /** Picks up sessions left in the spool directory by an earlier run, clearing its debris. */
  async load(): Promise<void> {
    const dir = await this.ctx.backend.spoolDir();
    for (const { id, init, size } of await loadSessions(dir, this.ctx.clock.now(), this.ctx.logger)) {
      const session = this.session(dir, id, init, size);
      // Running hashes died with the old process; they are recomputed from the file at the end.
      session.hasher = size === 0 ? session.hasher : undefined;
      this.sessions.set(id, session);
    }
    this.armSweep();
  }

  private session(
    dir: string,
    id: string,
    init: SessionInit & { created: number },
    persisted: number,
  ): Session {
    const file = join(dir, id);
    return {
      ...init,
      id,
      dir,
      file,
      persisted,
      chain: Promise.resolve(),
      inFlight: 0,
      hasher: new StreamHasher(this.md5),
      hashed: persisted,
    };
  }

  /** Handles one PUT: a status query when `range.start` is undefined, otherwise data. */
  put(
    id: string,
    range: UploadRange | undefined,
    body: Readable,
    expected: ExpectedHashes,
  ): Promise<ChunkOutcome> {
    const session = this.get(id);
    // A status query must not wait behind a PUT that is still receiving (or stalled): it reports
    // what has reached the disk so far, as GCS does for an upload in progress.
    if (range?.start === undefined && range !== undefined && session.inFlight > 0) {
      body.resume();
      return spoolSize(session.file).then((persisted) => ({ done: false, persisted }));
    }
    session.inFlight++;
    const run = session.chain
      .then(() => this.apply(session, range, body, expected))
      .finally(() => {
        session.inFlight--;
      });
    session.chain = run.catch(() => undefined);
    return run;
  }

  async cancel(id: string): Promise<void> {
    const session = this.get(id);
    this.sessions.delete(id);
    await session.chain;
    await this.discard(session);
  }

  /** Forgets sessions in memory; their files stay so a data dir can resume them after a restart. */
  close(): void {
    this.cancelSweep?.();
    this.cancelSweep = undefined;
    this.sessions.clear();
  }

  private armSweep() {
    if (this.cancelSweep || this.sessions.size === 0) return;
    this.cancelSweep = this.ctx.clock.setTimer(this.ctx.clock.now() + SWEEP_EVERY_MS, () => {
      this.cancelSweep = undefined;
      void this.sweep().finally(() => this.armSweep());
    });
  }

  /** Drops expired sessions that no request is using. */
  private async sweep() {
    const now = this.ctx.clock.now();
    for (const s of [...this.sessions.values()]) {
      if (s.inFlight > 0 || !expired(s.created, now)) continue;
      this.sessions.delete(s.id);
      await this.discard(s).catch(() => undefined);
    }
  }

  /** Rewrites the session's description (e.g. once the total size becomes known). */
  private async saveInit(s: Session) {
    const init: SessionInit = {
      bucket: s.bucket,
      name: s.name,
      fields: s.fields,
      pre: s.pre,
      total: s.total,
      expected: s.expected,
      storageClass: s.storageClass,
      access: s.access,
      created: s.created,
    };
    await saveDescriptor(s.dir, s.id, init);
  }

  private async discard(s: Session) {
    s.hasher?.discard();
    await removeSessionFiles(s.dir, s.id);
  }

  private get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw notFound('No such upload session.', { reason: 'notFound' });
    if (s.inFlight === 0 && expired(s.created, this.ctx.clock.now())) {
      this.sessions.delete(id);
      void this.discard(s).catch(() => undefined);
      throw notFound('The upload session has expired (sessions last one week); start a new upload.', {
        reason: 'notFound',
      });
    }
    return s;
  }

  private async apply(
    s: Session,
    range: UploadRange | undefined,
    body: Readable,
    expected: ExpectedHashes,
  ): Promise<ChunkOutcome> {
    if (s.failure) throw s.failure;
    if (s.result) {
      body.resume();
      return { done: true, object: s.result };
    }
    const r: UploadRange = range ?? { start: 0, total: undefined };
    if (r.total !== undefined) {
      if (s.total !== undefined && s.total !== r.total)
        throw invalidArgument('The object size changed mid-upload.');
      if (s.total === undefined) {
        s.total = r.total;
        await this.saveInit(s);
      }
    }
    if (r.start === undefined) {
      body.resume();
      if (s.total !== undefined && s.persisted === s.total) return this.finish(s, expected);
      return { done: false, persisted: s.persisted };
    }
    if (r.start > s.persisted) {
      body.resume();
      throw invalidArgument(
        `Invalid request. According to the Content-Range header, the upload offset is ${r.start} byte(s), which exceeds already uploaded size of ${s.persisted} byte(s).`,
      );
    }
    await appendToSpool(s, r.start, r.end, body);
    if (s.total !== undefined && s.persisted > s.total) {
      throw invalidArgument(`Received ${s.persisted} bytes, more than the declared ${s.total}.`);
    }
    const finalRequest = r.end === undefined && range?.total === undefined;
    if (finalRequest) s.total = s.persisted;
    if (s.total !== undefined && s.persisted === s.total) return this.finish(s, expected);
    return { done: false, persisted: s.persisted };
  }

  private async finish(s: Session, expected: ExpectedHashes): Promise<ChunkOutcome> {
    try {
      const blob = await spoolToBlob(this.ctx.backend, s);
      try {
        // A hash in the final request's X-Goog-Hash outranks one declared at the start.
        verifyHashes(blob, {
          crc32c: expected.crc32c ?? s.expected?.crc32c,
          md5Hash: expected.md5Hash ?? s.expected?.md5Hash,
        });
      } catch (err) {
        await this.ctx.backend.deleteBlob(blob.blobId);
        throw err;
      }
      s.result = await finalizeObject(this.ctx, {
        bucket: s.bucket,
        name: s.name,
        blob,
        fields: s.fields,
        pre: s.pre,
        storageClass: s.storageClass,
        access: s.access,
      });
      return { done: true, object: s.result };
    } catch (err) {
      // The spool is gone either way: later requests must see this failure, not a fresh start.
      s.failure = toDevkitError(err);
      throw err;
    } finally {
      await this.discard(s);
    }
  }
}
