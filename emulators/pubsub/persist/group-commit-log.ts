// The append-only change log with group commit: records appended while a write is in flight wait
// together and reach the disk in one write + one fdatasync; `barrier()` says when they are there.
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/index.ts';
import { fsyncDir } from './atomic-write.ts';

export const logFileName = (gen: number) => `pubsub-log-${String(gen).padStart(8, '0')}.bin`;

/** The generation in a log file's name, or undefined for any other file. */
export function logGeneration(file: string): number | undefined {
  const match = /^pubsub-log-(\d+)\.bin$/.exec(file);
  return match ? Number(match[1]) : undefined;
}

interface Batch {
  promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

function newBatch(): Batch {
  const batch = {} as Batch;
  batch.promise = new Promise<void>((resolve, reject) => {
    batch.resolve = resolve;
    batch.reject = reject;
  });
  // Records nobody waits for (a dead-letter forward) must not turn a failed write into a crash.
  batch.promise.catch(() => {});
  return batch;
}

/** Records of one log generation, in append order. */
interface Segment {
  gen: number;
  bufs: Buffer[];
}

export class GroupCommitLog {
  private segments: Segment[] = [];
  private pending: Batch | undefined;
  private writing: Batch | undefined;
  private idle: Promise<void> = Promise.resolve();
  private running = false;
  private file: FileHandle | undefined;
  private fileGen = -1;
  private fileBytes = 0;
  /** A generation whose file could not be cut back after a failed write: nothing more goes there. */
  private brokenGen = -1;
  /** Write + fdatasync rounds done, and the records they carried (for tests and diagnostics). */
  readonly stats = { batches: 0, records: 0 };

  constructor(
    private readonly dir: string,
    private gen: number,
    private readonly logger: Logger,
  ) {}

  append(record: Buffer): void {
    const last = this.segments.at(-1);
    if (last && last.gen === this.gen) last.bufs.push(record);
    else this.segments.push({ gen: this.gen, bufs: [record] });
    this.pending ??= newBatch();
    if (this.running) return;
    this.running = true;
    // Deferred to the end of this event-loop turn: requests read in the same turn share a write.
    this.idle = new Promise((resolve) => setImmediate(() => void this.run().then(resolve)));
  }

  /** Resolves once everything appended so far is durable; undefined when nothing is on its way. */
  barrier(): Promise<void> | undefined {
    return (this.pending ?? this.writing)?.promise;
  }

  /** Sends what is appended from now on to a new file; returns that file's generation. */
  rotate(): number {
    return ++this.gen;
  }

  /** Waits for every appended record to be written, then closes the file. */
  async close(): Promise<void> {
    while (this.running) await this.idle;
    await this.file?.close();
    this.file = undefined;
  }

  private async run(): Promise<void> {
    while (this.segments.length > 0) {
      const segments = this.segments;
      const batch = this.pending!;
      this.segments = [];
      this.pending = undefined;
      this.writing = batch;
      try {
        for (const segment of segments) await this.write(segment);
        this.stats.batches++;
        for (const segment of segments) this.stats.records += segment.bufs.length;
        batch.resolve();
      } catch (err) {
        this.logger.error('writing the publish log failed', { dir: this.dir, error: String(err) });
        batch.reject(err);
      }
      this.writing = undefined;
    }
    this.running = false;
  }

  private async write(segment: Segment): Promise<void> {
    if (segment.gen === this.brokenGen) throw new Error('the log file is damaged until the next compaction');
    if (this.fileGen !== segment.gen || !this.file) {
      await this.file?.close();
      this.file = undefined;
      const file = await open(path.join(this.dir, logFileName(segment.gen)), 'a');
      this.fileBytes = (await file.stat()).size;
      this.file = file;
      this.fileGen = segment.gen;
      await fsyncDir(this.dir);
    }
    const file = this.file;
    const data = segment.bufs.length === 1 ? segment.bufs[0]! : Buffer.concat(segment.bufs);
    try {
      for (let done = 0; done < data.length; ) {
        done += (await file.write(data, done, data.length - done)).bytesWritten;
      }
      await file.datasync();
      this.fileBytes += data.length;
    } catch (err) {
      // Cut a half-written batch off again, so later records do not follow garbage.
      await file.truncate(this.fileBytes).catch(() => {
        this.brokenGen = segment.gen;
        this.file = undefined;
        void file.close().catch(() => {});
      });
      throw err;
    }
  }
}
