// Publish is answered straight from its HTTP/2 stream (emulators/common/direct-unary.ts), not by
// grpc-js. Its wire behaviour must be grpc-js's: the same response headers, the same statuses for
// malformed framing as a grpc-js-served RPC of the same service (GetTopic), a message split across
// many DATA frames, a compressed request (left to grpc-js), the official client's errors.
import type http2 from 'node:http2';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpcMessage } from '../robustness/http2-frames.ts';
import {
  client,
  type RawGrpcAnswer,
  rawClients,
  rawGrpcCall,
  startEmulator,
  topicPath,
  uid,
} from './helpers.ts';

const PUBLISH = '/google.pubsub.v1.Publisher/Publish';
const GET_TOPIC = '/google.pubsub.v1.Publisher/GetTopic';

/** `name` (field 1) as a protobuf: both PublishRequest.topic and GetTopicRequest.topic. */
function topicField(name: string): Buffer {
  const bytes = Buffer.from(name);
  return Buffer.concat([Buffer.from([0x0a, bytes.length]), bytes]);
}

function publishRequest(topic: string, payloads: string[]): Buffer {
  const messages = payloads.map((p) => {
    const data = Buffer.from(p);
    const msg = Buffer.concat([Buffer.from([0x0a, data.length]), data]);
    return Buffer.concat([Buffer.from([0x12, msg.length]), msg]);
  });
  return Buffer.concat([topicField(topic), ...messages]);
}

/** The message ids of a framed PublishResponse (repeated string field 1). */
function messageIds(body: Buffer): string[] {
  const ids: string[] = [];
  let pos = 5;
  while (pos < body.length) {
    expect(body[pos]).toBe(0x0a);
    const n = body[pos + 1]!;
    ids.push(body.toString('utf8', pos + 2, pos + 2 + n));
    pos += 2 + n;
  }
  return ids;
}

/** A gRPC length-prefixed message, its compressed flag set when asked. */
function frame(message: Buffer, compressed = false): Buffer {
  const out = grpcMessage(message);
  out[0] = compressed ? 1 : 0;
  return out;
}

async function setup() {
  const emu = await startEmulator();
  const raw = rawClients(emu);
  const topic = topicPath(uid('t'));
  await raw.publisher.createTopic({ name: topic });
  return {
    emu,
    raw,
    topic,
    async [Symbol.asyncDispose]() {
      await raw.close();
      await emu.stop();
    },
  };
}

const sameAs = (a: RawGrpcAnswer, b: RawGrpcAnswer) => {
  expect(a.status).toBe(b.status);
  expect(a.message.replaceAll(PUBLISH, '<path>')).toBe(b.message.replaceAll(GET_TOPIC, '<path>'));
  for (const h of ['content-type', 'grpc-encoding', 'grpc-accept-encoding', ':status']) {
    expect(a.headers[h], h).toBe(b.headers[h]);
  }
};

describe('Publish answered without grpc-js', () => {
  it('answers like grpc-js on success: headers, one length-prefixed message, grpc-status 0', async () => {
    await using env = await setup();
    const published = await rawGrpcCall(env.emu.address, PUBLISH, [
      frame(publishRequest(env.topic, ['a', 'b'])),
    ]);
    const topic = await rawGrpcCall(env.emu.address, GET_TOPIC, [frame(topicField(env.topic))]);
    sameAs(published, topic);
    expect(published.status).toBe('0');
    // PublishResponse: two message ids (field 1), behind a 5-byte uncompressed prefix.
    expect(published.body[0]).toBe(0);
    expect(published.body.readUInt32BE(1)).toBe(published.body.length - 5);
    expect(messageIds(published.body)).toHaveLength(2);
  });

  it('takes a request split into 1-byte DATA frames', async () => {
    await using env = await setup();
    const bytes = frame(publishRequest(env.topic, ['split', 'across', 'frames']));
    const writes = [...bytes].map((b) => Buffer.from([b]));
    const answer = await rawGrpcCall(env.emu.address, PUBLISH, writes);
    expect(answer.status).toBe('0');
    expect(messageIds(answer.body)).toHaveLength(3);
  });

  it('answers malformed framing exactly as a grpc-js-served RPC does', async () => {
    await using env = await setup();
    const a = env.emu.address;
    const cases: Array<[string, (body: Buffer) => Buffer[], http2.OutgoingHttpHeaders?]> = [
      ['no message', () => []],
      ['two messages', (body) => [frame(body), frame(body)]],
      ['a truncated message', (body) => [frame(body).subarray(0, 8)]],
      ['bytes that are no protobuf', () => [frame(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]))]],
      ['a message over the receive limit', () => [grpcMessage(Buffer.alloc(0), 0x7fffffff)]],
      ['an invalid grpc-timeout', (body) => [frame(body)], { 'grpc-timeout': 'soon' }],
    ];
    for (const [name, writes, headers] of cases) {
      const publish = await rawGrpcCall(a, PUBLISH, writes(publishRequest(env.topic, ['x'])), headers);
      const getTopic = await rawGrpcCall(a, GET_TOPIC, writes(topicField(env.topic)), headers);
      expect(publish.status, name).not.toBe('0');
      expect({ name, status: publish.status }).toEqual({ name, status: getTopic.status });
      sameAs(publish, getTopic);
    }
  });

  it('leaves a gzip-compressed request to grpc-js, which decompresses it', async () => {
    await using env = await setup();
    const body = gzipSync(publishRequest(env.topic, ['compressed']));
    const answer = await rawGrpcCall(env.emu.address, PUBLISH, [frame(body, true)], {
      'grpc-encoding': 'gzip',
    });
    expect(answer.status).toBe('0');
    expect(answer.body.length).toBeGreaterThan(5);
  });

  it('gives the official client its statuses and ids, and keeps what it published', async () => {
    await using env = await setup();
    const pubsub = client(env.emu);
    try {
      const missing = pubsub.topic(`missing-${uid()}`);
      await expect(missing.publishMessage({ data: Buffer.from('x') })).rejects.toMatchObject({
        code: grpc.status.NOT_FOUND,
      });
      const [sub] = await pubsub.topic(env.topic).createSubscription(uid('s'));
      const ids = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          pubsub.topic(env.topic).publishMessage({ data: Buffer.from(`m${i}`) }),
        ),
      );
      expect(new Set(ids).size).toBe(50);
      const [pulled] = await env.raw.subscriber.pull({ subscription: sub.name, maxMessages: 100 });
      const got = pulled.receivedMessages!.map((m) => m.message!.messageId);
      expect(got.length).toBeGreaterThan(0);
      for (const id of got) expect(ids).toContain(id);
    } finally {
      await pubsub.close();
    }
  });
});
