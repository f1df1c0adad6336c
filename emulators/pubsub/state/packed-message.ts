// Messages as the state holds them: each payload copied into a shared slab behind a 20-byte header
// (id, publish time, length), so a waiting message with no attributes and no ordering key is one
// 3-field object (seq, slab, offset: 48 bytes) plus its bytes; a Buffer, an id string and a boxed
// time per message were ~140 bytes on top of the payload.
import type { StoredMessage } from './model.ts';

const SLAB_BYTES = 64 * 1024;
/** Bigger payloads get a buffer of their own: beside them one Buffer object is small. */
const OWN_BUFFER_BYTES = 4 * 1024;
/** id (float64), publish time offset (float64), payload length (uint32). */
const HEADER_BYTES = 20;
/** Publish times are kept relative to this (any time reads back exactly). */
const TIME_BASE = Date.now();
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Append-only payload slabs. A slab is freed by the GC once no message in it is alive, as Node's
 * own 8 KiB Buffer pool is, so a lingering message can keep at most one slab alive.
 */
export class PayloadArena {
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private used = 0;
  /** The buffer the last `reserve` handed out. */
  last: Buffer = this.slab;

  /** Room for `n` bytes; returns their offset in `this.last`. */
  reserve(n: number): number {
    if (n > OWN_BUFFER_BYTES) {
      this.last = Buffer.allocUnsafeSlow(n);
      return 0;
    }
    if (this.used + n > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    const at = this.used;
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

/** A message with no attributes and no ordering key: its size is its payload's length. */
class PackedMessage implements StoredMessage {
  readonly seq: number;
  protected readonly slab: Buffer;
  /** Where the header starts; the payload follows it. */
  protected readonly at: number;

  constructor(seq: number, slab: Buffer, at: number) {
    this.seq = seq;
    this.slab = slab;
    this.at = at;
  }

  get id(): string {
    return String(this.slab.readDoubleLE(this.at));
  }

  /** A view into the slab: read it, don't keep or change it. */
  get data(): Buffer {
    const start = this.at + HEADER_BYTES;
    return this.slab.subarray(start, start + this.slab.readUInt32LE(this.at + 16));
  }

  get publishTime(): number {
    return TIME_BASE + this.slab.readDoubleLE(this.at + 8);
  }

  get attributes(): Record<string, string> {
    return NO_ATTRIBUTES;
  }

  get orderingKey(): string {
    return '';
  }

  get size(): number {
    return this.slab.readUInt32LE(this.at + 16);
  }
}

/** A message carrying attributes or an ordering key (its size counts them). */
class RichMessage extends PackedMessage {
  private readonly attrs: Record<string, string>;
  private readonly key: string;
  private readonly bytes: number;

  constructor(seq: number, slab: Buffer, at: number, f: MessageFields) {
    super(seq, slab, at);
    this.attrs = f.attributes;
    this.key = f.orderingKey;
    this.bytes = f.size;
  }

  override get attributes(): Record<string, string> {
    return this.attrs;
  }

  override get orderingKey(): string {
    return this.key;
  }

  override get size(): number {
    return this.bytes;
  }
}

/** A stored message with its payload copied into `arena` (the caller's bytes are not kept). */
export function packMessage(arena: PayloadArena, f: MessageFields): StoredMessage {
  const n = f.data.length;
  const at = arena.reserve(HEADER_BYTES + n);
  const slab = arena.last;
  slab.writeDoubleLE(f.id, at);
  slab.writeDoubleLE(f.publishTime - TIME_BASE, at + 8);
  slab.writeUInt32LE(n, at + 16);
  slab.set(f.data, at + HEADER_BYTES);
  const plain = f.orderingKey === '' && f.size === n && Object.keys(f.attributes).length === 0;
  return plain ? new PackedMessage(f.seq, slab, at) : new RichMessage(f.seq, slab, at, f);
}
