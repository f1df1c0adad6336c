// MD5 of large uploads on a worker thread, so the main thread only receives, CRCs and writes
// bytes. Node's MD5 (~650 MiB/s) and our JS CRC-32C (~1.5 GiB/s) on one thread cap an upload
// near 450 MiB/s before any I/O; on two threads they overlap.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Bytes gathered per message; a stream shorter than this is hashed inline, without the worker. */
export const BATCH_BYTES = 1024 * 1024;
/**
 * Slabs of shared memory the batches are copied into, for all streams together: what bounds the
 * memory a slow worker can hold. (Shared, not transferred: handing an ArrayBuffer back and forth
 * cost more main-thread time per message than the copy.)
 */
const SLABS = 4;

// Plain CommonJS evaluated in the worker: no loader (tsx in a checkout, dist/ when installed)
// has to resolve a second entry file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const streams = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let h = streams.get(m.id);
    if (!h) streams.set(m.id, (h = createHash('md5')));
    h.update(new Uint8Array(m.slab, 0, m.length));
    parentPort.postMessage({ op: 'updated', slab: m.slab });
  } else if (m.op === 'digest') {
    const h = streams.get(m.id) ?? createHash('md5');
    streams.delete(m.id);
    parentPort.postMessage({ op: 'digest', id: m.id, md5: h.digest('base64') });
  } else if (m.op === 'drop') {
    streams.delete(m.id);
  }
});
`;

type FromWorker = { op: 'updated'; slab: SharedArrayBuffer } | { op: 'digest'; id: number; md5: string };

interface Pending {
  resolve(md5: string): void;
  reject(err: Error): void;
}

/** One worker shared by every stream of an emulator; started on first use, `close()` at stop. */
export class Md5Offload {
  private worker: Worker | undefined;
  private readonly digests = new Map<number, Pending>();
  private readonly free: SharedArrayBuffer[] = [];
  private slabs = 0;
  private waiters: (() => void)[] = [];
  private nextId = 1;
  /** Bumped whenever the worker fails or closes: streams begun before then cannot finish there. */
  epoch = 0;

  /** A new MD5 stream. */
  stream(): OffloadedMd5 {
    return new OffloadedMd5(this, this.nextId++);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error('MD5 worker closed'));
    await worker?.terminate();
  }

  /** True when every slab is at the worker; writers should then wait for `drained()`. */
  get backlogged(): boolean {
    return this.free.length === 0 && this.slabs >= SLABS;
  }

  drained(): Promise<void> {
    if (!this.backlogged) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** @internal Copies `parts` (at most one batch) into a slab and queues it for stream `id`. */
  send(id: number, parts: Uint8Array[]): void {
    let slab = this.free.pop();
    if (!slab) {
      // Past SLABS only when a writer ignored `backlogged`; such extra slabs are dropped on return.
      slab = new SharedArrayBuffer(BATCH_BYTES);
      this.slabs++;
    }
    const view = new Uint8Array(slab);
    let length = 0;
    for (const part of parts) {
      view.set(part, length);
      length += part.length;
    }
    this.start().postMessage({ op: 'update', id, slab, length });
  }

  /** @internal */
  digest(id: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.digests.set(id, { resolve, reject });
      this.start().postMessage({ op: 'digest', id });
    });
  }

  /** @internal */
  drop(id: number): void {
    this.worker?.postMessage({ op: 'drop', id });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // It only hashes shared memory: a small heap keeps the emulator's RSS close to what it was.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`MD5 worker exited with code ${code}`));
    });
    // Idle between uploads: the worker must not keep the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(m: FromWorker) {
    if (m.op === 'updated') {
      if (this.slabs > SLABS) this.slabs--;
      else this.free.push(m.slab);
      for (const wake of this.waiters.splice(0)) wake();
      return;
    }
    const pending = this.digests.get(m.id);
    this.digests.delete(m.id);
    pending?.resolve(m.md5);
  }

  private fail(err: Error) {
    this.worker = undefined;
    this.epoch++;
    this.free.length = 0;
    this.slabs = 0;
    for (const wake of this.waiters.splice(0)) wake();
    for (const pending of this.digests.values()) pending.reject(err);
    this.digests.clear();
  }
}

/**
 * MD5 of one byte stream. Bytes are held by reference until a batch is full, then copied once into
 * a shared slab for the worker; a stream shorter than one batch is hashed inline at `digest()` and
 * never messages the worker.
 */
export class OffloadedMd5 {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The pool's epoch when this stream first reached the worker. */
  private epoch: number | undefined;

  constructor(
    private readonly pool: Md5Offload,
    private readonly id: number,
  ) {}

  /** `chunk` must not change afterwards (it may be read later). */
  update(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(chunk.length - at, BATCH_BYTES - this.pendingBytes);
      this.pending.push(at === 0 && take === chunk.length ? chunk : chunk.subarray(at, at + take));
      this.pendingBytes += take;
      at += take;
      if (this.pendingBytes === BATCH_BYTES) this.flush();
    }
  }

  get backlogged(): boolean {
    return this.pool.backlogged;
  }

  /** Resolves once the worker has a free slab; await it when `backlogged`. */
  drained(): Promise<void> {
    return this.pool.drained();
  }

  /** Base64 MD5 of everything passed to `update`; call once. Rejects if the worker failed. */
  digest(): Promise<string> {
    if (this.epoch === undefined) {
      const h = createHash('md5');
      for (const part of this.pending) h.update(part);
      this.pending = [];
      return Promise.resolve(h.digest('base64'));
    }
    if (this.pendingBytes > 0) this.flush();
    if (this.epoch !== this.pool.epoch) return Promise.reject(new Error('MD5 worker failed mid-stream'));
    return this.pool.digest(this.id);
  }

  /** Forgets the stream (its bytes were abandoned). */
  discard(): void {
    this.pending = [];
    this.pendingBytes = 0;
    if (this.epoch === this.pool.epoch) this.pool.drop(this.id);
  }

  private flush() {
    this.epoch ??= this.pool.epoch;
    if (this.epoch === this.pool.epoch) this.pool.send(this.id, this.pending);
    this.pending = [];
    this.pendingBytes = 0;
  }
}
