// Unit tests of the change-log framing: round trip, and recovery's view of torn or corrupt tails.
import { describe, expect, it } from 'vitest';
import { crc32, crc32Portable } from './crc32.ts';
import { decodeRecords, encodeRecord } from './log-record.ts';

describe('change-log records', () => {
  const a = encodeRecord({ k: 'publish', seq: 1 }, Buffer.from('hello'));
  const b = encodeRecord({ k: 'topic', name: 'projects/p/topics/t' });

  it('decodes what it encodes, header and body', () => {
    const log = decodeRecords(Buffer.concat([a, b]));
    expect(log.damaged).toBe(false);
    expect(log.validBytes).toBe(a.length + b.length);
    expect(log.records.map((r) => r.header)).toEqual([
      { k: 'publish', seq: 1 },
      { k: 'topic', name: 'projects/p/topics/t' },
    ]);
    expect(log.records[0]!.body.toString()).toBe('hello');
    expect(log.records[1]!.body.length).toBe(0);
  });

  it('stops at a record cut short, keeping the whole ones before it', () => {
    for (let cut = 1; cut < b.length; cut++) {
      const log = decodeRecords(Buffer.concat([a, b.subarray(0, cut)]));
      expect(log.records).toHaveLength(1);
      expect(log).toMatchObject({ validBytes: a.length, damaged: true });
    }
  });

  it('stops at a flipped byte (CRC) and at a zero-filled tail', () => {
    const flipped = Buffer.from(b);
    flipped[flipped.length - 3]! ^= 0x40;
    expect(decodeRecords(Buffer.concat([a, flipped])).records).toHaveLength(1);
    const zeros = decodeRecords(Buffer.concat([a, Buffer.alloc(64)]));
    expect(zeros).toMatchObject({ validBytes: a.length, damaged: true });
  });

  it('computes the IEEE CRC-32 the same with or without zlib', () => {
    const data = Buffer.from('123456789');
    expect(crc32(data)).toBe(0xcbf43926);
    expect(crc32Portable(data)).toBe(0xcbf43926);
  });
});
