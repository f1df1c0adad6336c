// Messages as the state holds them: payloads copied into shared slabs and the id and publish time
// kept as small integers, so a million-message backlog costs its bytes plus one small object each
// (a Buffer, an id string and a boxed time per message were ~140 bytes on top of the payload).
import type { StoredMessage } from './model.ts';

const SLAB_BYTES = 64 * 1024;
/** Bigger payloads get a buffer of their own: beside them one Buffer object is small. */
const OWN_BUFFER_BYTES = 4 * 1024;
/**
 * Publish times are kept relative to this so that they stay small integers (V8 boxes larger
 * numbers); any time still reads back exactly, an unusual one just takes the boxed form.
 */
const TIME_BASE = Date.now();

/**
 * Append-only payload slabs. A slab is freed by the GC once no message in it is alive, as Node's
 * own 8 KiB Buffer pool is, so a lingering message can keep at most one slab alive.
 */
export class PayloadArena {
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private used = 0;
  /** The buffer the last `copy` wrote to. */
  last: Buffer = this.slab;

  /** Copies `bytes` into the arena; returns their offset in `this.last`. */
  copy(bytes: Uint8Array): number {
    const n = bytes.length;
    if (n > OWN_BUFFER_BYTES) {
      this.last = Buffer.allocUnsafeSlow(n);
      this.last.set(bytes);
      return 0;
    }
    if (this.used + n > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    const at = this.used;
    this.slab.set(bytes, at);
    this.used += n;
    this.last = this.slab;
    return at;
  }
}

export interface MessageFields {
  seq: number;
  /** The numeric message id (ids are decimal strings on the wire). */
  id: number;
  data: Uint8Array;
  attributes: Record<string, string>;
  orderingKey: string;
  publishTime: number;
  size: number;
}

class PackedMessage implements StoredMessage {
  readonly seq: number;
  private readonly idNumber: number;
  private readonly slab: Buffer;
  private readonly offset: number;
  private readonly length: number;
  readonly attributes: Record<string, string>;
  readonly orderingKey: string;
  private readonly publishOffset: number;
  readonly size: number;

  constructor(arena: PayloadArena, f: MessageFields) {
    this.seq = f.seq;
    this.idNumber = f.id;
    this.offset = arena.copy(f.data);
    this.slab = arena.last;
    this.length = f.data.length;
    this.attributes = f.attributes;
    this.orderingKey = f.orderingKey;
    this.publishOffset = f.publishTime - TIME_BASE;
    this.size = f.size;
  }

  get id(): string {
    return String(this.idNumber);
  }

  /** A view into the slab: read it, don't keep or change it. */
  get data(): Buffer {
    return this.slab.subarray(this.offset, this.offset + this.length);
  }

  get publishTime(): number {
    return TIME_BASE + this.publishOffset;
  }
}

/** A stored message with its payload copied into `arena` (the caller's bytes are not kept). */
export function packMessage(arena: PayloadArena, fields: MessageFields): StoredMessage {
  return new PackedMessage(arena, fields);
}
