// Hostile input against the Pub/Sub emulator: REST bodies of the wrong shape, pathological schemas,
// filters, labels, ack ids and seek times. Every call answers a client error in time, and the
// topic + subscription created first are still there at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedPubSubEmulator } from '../../../emulators/pubsub/index.ts';
import { PROJECT, rawClients, startEmulator, subPath, topicPath, uid } from '../../pubsub/helpers.ts';
import { big, CALL_MS, call, expectGrpcCode, expectRefused, GRPC, nestedArrays, within } from './setup.ts';

let emu: StartedPubSubEmulator;
let raw: ReturnType<typeof rawClients>;
const keptTopic = uid('kept');
const keptSub = uid('kept');
const v1 = (path: string) => `http://${emu.address}/v1/${path}`;

beforeAll(async () => {
  emu = await startEmulator();
  raw = rawClients(emu);
  await raw.publisher.createTopic({ name: topicPath(keptTopic), labels: { keep: 'yes' } });
  await raw.subscriber.createSubscription({ name: subPath(keptSub), topic: topicPath(keptTopic) });
  await raw.publisher.publish({ topic: topicPath(keptTopic), messages: [{ data: Buffer.from('before') }] });
});

afterAll(async () => {
  // Earlier state survived everything below.
  const [topic] = await within(raw.publisher.getTopic({ topic: topicPath(keptTopic) }), 'getTopic');
  expect(topic.labels).toEqual({ keep: 'yes' });
  const [pulled] = await within(
    raw.subscriber.pull({ subscription: subPath(keptSub), maxMessages: 10 }),
    'pull after the attacks',
  );
  expect(pulled.receivedMessages?.map((m) => Buffer.from(m.message?.data ?? '').toString())).toContain(
    'before',
  );
  await raw.close();
  await emu.stop();
}, 30_000);

describe('Pub/Sub REST bodies of the wrong type', () => {
  const wrong = [null, 42, 'str', [], true, { nested: { deep: [1, 2] } }];
  it.each([
    ['labels', 'topics'],
    ['messageRetentionDuration', 'topics'],
    ['schemaSettings', 'topics'],
    ['messageStoragePolicy', 'topics'],
    ['ackDeadlineSeconds', 'subscriptions'],
    ['pushConfig', 'subscriptions'],
    ['deadLetterPolicy', 'subscriptions'],
    ['retryPolicy', 'subscriptions'],
    ['filter', 'subscriptions'],
    ['enableExactlyOnceDelivery', 'subscriptions'],
    ['expirationPolicy', 'subscriptions'],
  ])('%s on %s with every wrong JSON type', async (field, kind) => {
    for (const value of wrong) {
      const id = uid('w');
      const body: Record<string, unknown> = { [field]: value };
      if (kind === 'subscriptions') body.topic = topicPath(keptTopic);
      const a = await call(v1(`projects/${PROJECT}/${kind}/${id}`), { method: 'PUT', body });
      // Either refused as a client error or accepted (an empty-ish value Google also takes).
      expect(a.status, `${field}=${JSON.stringify(value)}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
    }
  });

  it('non-JSON, deeply nested and 5 MB bodies are refused', async () => {
    const path = v1(`projects/${PROJECT}/topics/${uid('b')}`);
    expectRefused(await call(path, { method: 'PUT', body: '{"labels":' }), 400);
    expectRefused(await call(path, { method: 'PUT', body: `{"labels":${nestedArrays(50_000)}}` }));
    expectRefused(await call(path, { method: 'PUT', body: `{"labels":{"a":"${big(5 * 2 ** 20)}"}}` }));
  });
});

describe('Pub/Sub oversized names echoed into grpc-message', () => {
  it('100,000-character names fail fast and the channel keeps working; a huge label key gets a bounded message', async () => {
    // The client puts the name in its x-goog-request-params header too: 100 KB of header is cut
    // by HTTP/2 itself (RST_STREAM, INTERNAL at the client) before any handler runs.
    for (const [what, attempt] of [
      ['GetTopic', () => raw.publisher.getTopic({ topic: big(100_000, 'x') })],
      ['CreateTopic name', () => raw.publisher.createTopic({ name: topicPath(big(100_000, 'x')) })],
    ] as const) {
      await expectGrpcCode(attempt(), [GRPC.INVALID_ARGUMENT, GRPC.INTERNAL, GRPC.RESOURCE_EXHAUSTED], what);
      const [kept] = await within(
        raw.publisher.getTopic({ topic: topicPath(keptTopic) }),
        `getTopic after ${what}`,
      );
      expect(kept.name).toBe(topicPath(keptTopic));
    }
    const err = await expectGrpcCode(
      raw.publisher.createTopic({ name: topicPath(uid('t')), labels: { [big(100_000, 'x')]: 'v' } }),
      GRPC.INVALID_ARGUMENT,
      'huge label key',
    );
    expect((err?.details ?? '').length).toBeLessThanOrEqual(1024);
  });
});

describe('Pub/Sub labels', () => {
  it('bad keys, values and counts are INVALID_ARGUMENT', async () => {
    const bad: Record<string, string>[] = [
      { '': 'x' },
      { Upper: 'x' },
      { '9digit': 'x' },
      { [big(64)]: 'x' },
      { ok: big(64) },
      { ok: 'UPPER' },
      Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])),
      { 'k\u0000': 'v' },
    ];
    for (const labels of bad) {
      await expectGrpcCode(
        raw.publisher.createTopic({ name: topicPath(uid('l')), labels }),
        GRPC.INVALID_ARGUMENT,
        `labels ${JSON.stringify(labels).slice(0, 80)}`,
      );
    }
  });
});

describe('Pub/Sub subscription filters', () => {
  const create = (filter: string) =>
    raw.subscriber.createSubscription({ name: subPath(uid('f')), topic: topicPath(keptTopic), filter });

  it('huge, deeply nested and pathological filters are INVALID_ARGUMENT quickly', async () => {
    const filters = [
      `${'('.repeat(10_000)}attributes.a = "x"${')'.repeat(10_000)}`,
      `${'NOT '.repeat(20_000)}attributes:a`,
      Array.from({ length: 5_000 }, (_, i) => `attributes.k${i} = "v"`).join(' AND '),
      `attributes.a = "${big(300_000)}`,
      `hasPrefix(attributes.a, ${'"'.repeat(50_000)})`,
      `attributes.a = "x" AND ${'('.repeat(3000)}`,
      big(300_000, '('),
      big(300_000, '\\'),
      `attributes.a = ${big(200_000, '"\\')}`,
    ];
    for (const f of filters) {
      const started = Date.now();
      await expectGrpcCode(create(f), GRPC.INVALID_ARGUMENT, `filter ${f.slice(0, 40)}…`);
      expect(Date.now() - started).toBeLessThan(CALL_MS);
    }
  });
});

describe('Pub/Sub schemas', () => {
  const schemaUrl = (id: string) => v1(`projects/${PROJECT}/schemas?schemaId=${id}`);

  it('invalid, huge, deeply nested and recursive definitions are refused', async () => {
    const nestedAvro = (depth: number) =>
      `${'{"type":"record","name":"R","fields":[{"name":"f","type":'.repeat(depth)}"int"${'}]}'.repeat(depth)}`;
    const defs: [string, string][] = [
      ['AVRO', '{not json'],
      ['AVRO', nestedArrays(100_000)],
      ['AVRO', nestedAvro(5_000)],
      ['AVRO', JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'Nope' }] })],
      ['AVRO', big(2 * 2 ** 20)],
      ['PROTOCOL_BUFFER', 'syntax = "proto3"; message M { int32 a = 1;'],
      ['PROTOCOL_BUFFER', `syntax = "proto3"; ${'message M { '.repeat(5_000)}${'}'.repeat(5_000)}`],
      ['PROTOCOL_BUFFER', big(2 * 2 ** 20, '{')],
      ['TYPE_UNSPECIFIED', '{}'],
    ];
    for (const [type, definition] of defs) {
      const a = await call(schemaUrl(uid('s')), { body: { type, definition } });
      expectRefused(a);
    }
  });

  it('a recursive Avro record is either accepted or refused, never a crash', async () => {
    const definition = JSON.stringify({
      type: 'record',
      name: 'Node',
      fields: [{ name: 'next', type: ['null', 'Node'] }],
    });
    const id = uid('rec');
    const created = await call(schemaUrl(id), { body: { type: 'AVRO', definition } });
    expect(created.status).toBeLessThan(500);
    let msg = '{"next":null}';
    for (let i = 0; i < 2_000; i++) msg = `{"next":{"Node":${msg}}}`;
    const v = await call(v1(`projects/${PROJECT}/schemas:validateMessage`), {
      body: {
        name: `projects/${PROJECT}/schemas/${id}`,
        encoding: 'JSON',
        message: Buffer.from(msg).toString('base64'),
      },
    });
    expect(v.status, v.text.slice(0, 200)).toBeLessThan(500);
  });

  it('validateMessage with garbage and commit with an enormous definition are refused', async () => {
    const id = uid('ok');
    const definition = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] });
    expect((await call(schemaUrl(id), { body: { type: 'AVRO', definition } })).status).toBe(200);
    const validate = (body: unknown) => call(v1(`projects/${PROJECT}/schemas:validateMessage`), { body });
    const name = `projects/${PROJECT}/schemas/${id}`;
    expectRefused(await validate({ name, encoding: 'JSON', message: '!!!not base64' }));
    expectRefused(await validate({ name, encoding: 'JSON', message: Buffer.from('{').toString('base64') }));
    expectRefused(
      await validate({
        name,
        encoding: 'BINARY',
        message: Buffer.from([0xff, 0xff, 0xff]).toString('base64'),
      }),
    );
    expectRefused(await validate({ name, encoding: 42, message: 'e30=' }));
    expectRefused(await validate({ name: big(10_000), encoding: 'JSON', message: 'e30=' }));
    expectRefused(
      await validate({ schema: { type: 'AVRO', definition: nestedArrays(50_000) }, message: 'e30=' }),
    );
    const commit = await call(v1(`${name}:commit`), {
      body: {
        schema: {
          type: 'AVRO',
          definition: `{"type":"record","name":"R","fields":[],"doc":"${big(3 * 2 ** 20)}"}`,
        },
      },
    });
    expectRefused(commit);
    expectRefused(await call(v1(`${name}@garbage-revision`)), [400, 404]);
    expectRefused(await call(v1(`${name}@${big(5_000)}:deleteRevision`), { method: 'DELETE' }), [400, 404]);
  });
});

describe('Pub/Sub ack ids, seek, push and DLQ configs', () => {
  it('garbage and very many ack ids are refused', async () => {
    const subscription = subPath(keptSub);
    await expectGrpcCode(
      raw.subscriber.acknowledge({ subscription, ackIds: ['garbage', big(100_000), '\u0000'] }),
      [GRPC.INVALID_ARGUMENT],
      'garbage ack ids',
    );
    const many = Array.from({ length: 200_000 }, (_, i) => `id-${i}`);
    const a = await call(v1(`${subscription}:acknowledge`), { body: { ackIds: many } });
    expectRefused(a);
    await expectGrpcCode(
      raw.subscriber.modifyAckDeadline({ subscription, ackIds: ['x'], ackDeadlineSeconds: -5 }),
      GRPC.INVALID_ARGUMENT,
      'negative deadline',
    );
  });

  it('seek to absurd timestamps is refused or clamped, never INTERNAL', async () => {
    const subscription = subPath(keptSub);
    for (const time of ['-99999-01-01T00:00:00Z', '99999-12-31T23:59:59Z', 'yesterday', '', 12]) {
      const a = await call(v1(`${subscription}:seek`), { body: { time } });
      expect(a.status, `time=${time}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
    }
    for (const seconds of [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 253402300800]) {
      const r = await within(
        raw.subscriber.seek({ subscription, time: { seconds } }).then(
          () => 0,
          (e: { code: number }) => e.code,
        ),
        'seek',
      );
      expect([0, GRPC.INVALID_ARGUMENT]).toContain(r);
    }
  });

  it('push endpoints and dead-letter policies of the wrong shape are INVALID_ARGUMENT', async () => {
    const topic = topicPath(keptTopic);
    const bad = [
      { pushConfig: { pushEndpoint: 'not a url' } },
      { pushConfig: { pushEndpoint: 'file:///etc/passwd' } },
      { deadLetterPolicy: { deadLetterTopic: 'garbage', maxDeliveryAttempts: 5 } },
      { deadLetterPolicy: { deadLetterTopic: topic, maxDeliveryAttempts: -1 } },
      { deadLetterPolicy: { deadLetterTopic: topic, maxDeliveryAttempts: 1_000_000 } },
      { ackDeadlineSeconds: 100_000 },
      { retryPolicy: { minimumBackoff: { seconds: -1 } } },
    ];
    for (const extra of bad) {
      await expectGrpcCode(
        raw.subscriber.createSubscription({ name: subPath(uid('p')), topic, ...extra }),
        GRPC.INVALID_ARGUMENT,
        JSON.stringify(extra).slice(0, 80),
      );
    }
  });

  it('ordering keys that are huge or odd are refused or kept intact', async () => {
    const topic = topicPath(keptTopic);
    await expectGrpcCode(
      raw.publisher.publish({ topic, messages: [{ data: Buffer.from('x'), orderingKey: big(2_000) }] }),
      GRPC.INVALID_ARGUMENT,
      'ordering key over 1024 bytes',
    );
    await expectGrpcCode(
      raw.publisher.publish({
        topic,
        messages: [{ data: Buffer.from('x'), attributes: { [big(300)]: 'v' } }],
      }),
      GRPC.INVALID_ARGUMENT,
      'attribute key over 256 bytes',
    );
  });
});
