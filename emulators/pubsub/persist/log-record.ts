// One record of the change log, framed so recovery tells a whole record from a torn or corrupt
// one: [u32 payload length][u32 CRC-32 of payload][payload], payload = [u32 header length]
// [header JSON][body bytes]; the body is a published message's data, empty otherwise.
import { crc32 } from './crc32.ts';

/** Far above a 10 MB publish; a larger length can only be garbage. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export type RecordHeader = Record<string, unknown>;

export interface DecodedRecord {
  header: RecordHeader;
  body: Buffer;
}

export interface DecodedLog {
  records: DecodedRecord[];
  /** Bytes up to the end of the last whole record. */
  validBytes: number;
  /** Something followed the last whole record: a torn write or corruption. */
  damaged: boolean;
}

export function encodeRecord(header: RecordHeader, body?: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyBytes = body?.length ?? 0;
  const payloadBytes = 4 + json.length + bodyBytes;
  const buf = Buffer.allocUnsafe(8 + payloadBytes);
  buf.writeUInt32LE(payloadBytes, 0);
  buf.writeUInt32LE(json.length, 8);
  json.copy(buf, 12);
  if (body) buf.set(body, 12 + json.length);
  buf.writeUInt32LE(crc32(buf.subarray(8)), 4);
  return buf;
}

/** Every whole record from the start; stops at the first one that is cut short or fails its CRC. */
export function decodeRecords(buf: Buffer): DecodedLog {
  const records: DecodedRecord[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32LE(at);
    // A zero length is what a zero-filled tail (a crash after the size grew) looks like.
    if (length < 4 || length > MAX_PAYLOAD_BYTES || at + 8 + length > buf.length) break;
    const payload = buf.subarray(at + 8, at + 8 + length);
    if (crc32(payload) !== buf.readUInt32LE(at + 4)) break;
    const headerBytes = payload.readUInt32LE(0);
    if (headerBytes > length - 4) break;
    let header: RecordHeader;
    try {
      header = JSON.parse(payload.toString('utf8', 4, 4 + headerBytes)) as RecordHeader;
    } catch {
      break;
    }
    records.push({ header, body: payload.subarray(4 + headerBytes) });
    at += 8 + length;
  }
  return { records, validBytes: at, damaged: at < buf.length };
}
