// Pull-style reader over a byte stream: read up to a marker with a size limit, or stream out
// everything before a marker while holding back only a marker-sized tail.
import { invalidArgument } from '../../common/index.ts';

export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly it: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.it.next();
    if (r.done) {
      this.ended = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? Buffer.from(r.value) : Buffer.concat([this.buf, r.value]);
    return true;
  }

  /** Bytes before `marker` (consumed along with it); 400 past `limit` bytes or at end of input. */
  async readUntil(marker: Buffer, limit: number, what: string): Promise<Buffer> {
    for (;;) {
      const at = this.buf.indexOf(marker);
      if (at >= 0) {
        const out = this.buf.subarray(0, at);
        this.buf = this.buf.subarray(at + marker.length);
        return out;
      }
      if (this.buf.length > limit + marker.length)
        throw invalidArgument(`Malformed multipart body: ${what} too large.`);
      if (!(await this.fill())) throw invalidArgument(`Malformed multipart body: ${what} not terminated.`);
    }
  }

  /** Yields every byte before `marker`, then consumes the marker; 400 when input ends first. */
  async *streamUntil(marker: Buffer, what: string): AsyncGenerator<Buffer> {
    for (;;) {
      const at = this.buf.indexOf(marker);
      if (at >= 0) {
        if (at > 0) yield this.buf.subarray(0, at);
        this.buf = this.buf.subarray(at + marker.length);
        return;
      }
      const safe = this.buf.length - (marker.length - 1);
      if (safe > 0) {
        yield this.buf.subarray(0, safe);
        this.buf = this.buf.subarray(safe);
      }
      if (!(await this.fill())) throw invalidArgument(`Malformed multipart body: ${what} not terminated.`);
    }
  }

  /** Ensures `n` bytes are buffered (fewer at end of input) and returns them without consuming. */
  async peek(n: number): Promise<Buffer> {
    while (this.buf.length < n && (await this.fill())) {}
    return this.buf.subarray(0, n);
  }

  skip(n: number): void {
    this.buf = this.buf.subarray(n);
  }
}
