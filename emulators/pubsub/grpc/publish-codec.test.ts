// The hand-written Publish codec against protobufjs's encoding of the same messages, both ways.
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodePublishRequest, encodePublishResponse } from './publish-codec.ts';

const require = createRequire(import.meta.url);
const root = protobuf.Root.fromJSON(require('@google-cloud/pubsub/build/protos/protos.json'));
const Request = root.lookupType('google.pubsub.v1.PublishRequest');
const Response = root.lookupType('google.pubsub.v1.PublishResponse');

describe('Publish codec', () => {
  it('decodes what protobufjs encodes: data, attributes, ordering keys; skips other fields', () => {
    const bytes = Buffer.from(
      Request.encode(
        Request.fromObject({
          topic: 'projects/p/topics/t',
          messages: [
            { data: Buffer.from('hello'), attributes: { a: '1', ü: 'ß' }, orderingKey: 'k' },
            { messageId: 'ignored', publishTime: { seconds: 5 }, attributes: { only: 'attrs' } },
            { data: Buffer.alloc(3000, 7) },
          ],
        }),
      ).finish(),
    );
    const decoded = decodePublishRequest(bytes) as { topic: string; messages: Record<string, unknown>[] };
    expect(decoded.topic).toBe('projects/p/topics/t');
    expect(decoded.messages).toHaveLength(3);
    expect(decoded.messages[0]).toEqual({
      data: Buffer.from('hello'),
      attributes: { a: '1', ü: 'ß' },
      orderingKey: 'k',
    });
    expect(decoded.messages[1]).toEqual({ data: undefined, attributes: { only: 'attrs' }, orderingKey: '' });
    expect(decoded.messages[2]!.data).toEqual(Buffer.alloc(3000, 7));
  });

  it('gives up (undefined) on truncated or malformed input, so the generic path answers', () => {
    const bytes = Buffer.from(
      Request.encode(Request.fromObject({ topic: 't', messages: [{ data: Buffer.from('x') }] })).finish(),
    );
    expect(decodePublishRequest(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(decodePublishRequest(Buffer.from([0x0b]))).toBeUndefined(); // group wire type
  });

  it('encodes message ids as protobufjs decodes them; other shapes are left to protobufjs', () => {
    const ids = ['1', '22', '1234567890123'];
    const out = encodePublishResponse({ messageIds: ids })!;
    expect(Response.toObject(Response.decode(out))).toEqual({ messageIds: ids });
    expect(encodePublishResponse({ messageIds: [] })!.length).toBe(0);
    expect(encodePublishResponse({ messageIds: ['x'.repeat(200)] })).toBeUndefined();
    expect(encodePublishResponse({ other: 1 })).toBeUndefined();
  });
});
