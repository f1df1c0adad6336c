// The REST/JSON surface served on the gRPC port, sharing state with gRPC.
import { describe, expect, it } from 'vitest';
import { PROJECT, rawClients, rest, startEmulator, uid } from './helpers.ts';

const P = `projects/${PROJECT}`;

describe('REST surface on the gRPC port', () => {
  it('creates, publishes, pulls, modacks and acks over JSON', async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    const s = uid('s');
    let res = await rest(emu, `${P}/topics/${t}`, { method: 'PUT', body: { labels: { a: 'b' } } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: `${P}/topics/${t}`, labels: { a: 'b' } });
    expect((await rest(emu, `${P}/topics/${t}`, { method: 'PUT', body: {} })).status).toBe(409);
    res = await rest(emu, `${P}/subscriptions/${s}`, {
      method: 'PUT',
      body: { topic: `${P}/topics/${t}`, ackDeadlineSeconds: 20 },
    });
    expect(await res.json()).toMatchObject({
      ackDeadlineSeconds: 20,
      topic: `${P}/topics/${t}`,
      messageRetentionDuration: '604800s',
    });
    res = await rest(emu, `${P}/topics/${t}:publish`, {
      method: 'POST',
      body: { messages: [{ data: Buffer.from('hello').toString('base64'), attributes: { k: 'v' } }] },
    });
    const { messageIds } = (await res.json()) as { messageIds: string[] };
    expect(messageIds).toHaveLength(1);
    res = await rest(emu, `${P}/subscriptions/${s}:pull`, {
      method: 'POST',
      body: { maxMessages: 5, returnImmediately: true },
    });
    const pulled = (await res.json()) as {
      receivedMessages: {
        ackId: string;
        message: { data: string; messageId: string; publishTime: string; attributes: object };
      }[];
    };
    const [m] = pulled.receivedMessages;
    expect(Buffer.from(m!.message.data, 'base64').toString()).toBe('hello');
    expect(m!.message.messageId).toBe(messageIds[0]);
    expect(m!.message.attributes).toEqual({ k: 'v' });
    expect(Date.parse(m!.message.publishTime)).toBeGreaterThan(0);
    res = await rest(emu, `${P}/subscriptions/${s}:modifyAckDeadline`, {
      method: 'POST',
      body: { ackIds: [m!.ackId], ackDeadlineSeconds: 0 },
    });
    expect(res.status).toBe(200);
    res = await rest(emu, `${P}/subscriptions/${s}:pull`, {
      method: 'POST',
      body: { maxMessages: 5, returnImmediately: true },
    });
    const again = (await res.json()) as typeof pulled;
    expect(again.receivedMessages[0]!.message.messageId).toBe(messageIds[0]);
    res = await rest(emu, `${P}/subscriptions/${s}:acknowledge`, {
      method: 'POST',
      body: { ackIds: [again.receivedMessages[0]!.ackId] },
    });
    expect(res.status).toBe(200);
    expect(emu.state.subs.get(`${P}/subscriptions/${s}`)!.unacked).toBe(0);
  });

  it('lists, gets and deletes, and shares state with gRPC', async () => {
    await using emu = await startEmulator();
    const raw = rawClients(emu);
    const t = uid('t');
    await raw.publisher.createTopic({ name: `${P}/topics/${t}` });
    const list = (await (await rest(emu, `${P}/topics`)).json()) as { topics: { name: string }[] };
    expect(list.topics.map((x) => x.name)).toContain(`${P}/topics/${t}`);
    expect((await rest(emu, `${P}/topics/${t}`)).status).toBe(200);
    const s = uid('s');
    await rest(emu, `${P}/subscriptions/${s}`, { method: 'PUT', body: { topic: `${P}/topics/${t}` } });
    const subs = (await (await rest(emu, `${P}/subscriptions`)).json()) as {
      subscriptions: { name: string }[];
    };
    expect(subs.subscriptions.map((x) => x.name)).toContain(`${P}/subscriptions/${s}`);
    const topicSubs = (await (await rest(emu, `${P}/topics/${t}/subscriptions`)).json()) as {
      subscriptions: string[];
    };
    expect(topicSubs.subscriptions).toEqual([`${P}/subscriptions/${s}`]);
    const [viaGrpc] = await raw.subscriber.getSubscription({ subscription: `${P}/subscriptions/${s}` });
    expect(viaGrpc.topic).toBe(`${P}/topics/${t}`);
    expect((await rest(emu, `${P}/subscriptions/${s}`, { method: 'DELETE' })).status).toBe(200);
    expect((await rest(emu, `${P}/subscriptions/${s}`)).status).toBe(404);
    expect((await rest(emu, `${P}/topics/${t}`, { method: 'DELETE' })).status).toBe(200);
    const missing = await rest(emu, `${P}/topics/${t}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    await raw.close();
  });

  it('answers bad requests with Google-style JSON errors', async () => {
    await using emu = await startEmulator();
    const bad = await rest(emu, `${P}/topics/goog-nope`, { method: 'PUT', body: {} });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const t = uid('t');
    await rest(emu, `${P}/topics/${t}`, { method: 'PUT' });
    const empty = await rest(emu, `${P}/topics/${t}:publish`, { method: 'POST', body: { messages: [{}] } });
    expect(empty.status).toBe(400);
    const notJson = await fetch(`http://${emu.address}/v1/${P}/topics/${t}:publish`, {
      method: 'POST',
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect((await rest(emu, 'nowhere')).status).toBe(404);
    expect((await fetch(`http://${emu.address}/`)).status).toBe(200);
  });
});

describe('REST snapshots, seek and snake_case bodies', () => {
  it('accepts proto field names, and manages snapshots and seek over JSON', async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    const s = uid('s');
    const snap = uid('snap');
    await rest(emu, `${P}/topics/${t}`, { method: 'PUT' });
    const created = await rest(emu, `${P}/subscriptions/${s}`, {
      method: 'PUT',
      body: {
        topic: `${P}/topics/${t}`,
        ack_deadline_seconds: 15,
        retain_acked_messages: true,
        labels: { my_label: 'x' },
      },
    });
    expect(await created.json()).toMatchObject({
      ackDeadlineSeconds: 15,
      retainAckedMessages: true,
      labels: { my_label: 'x' },
    });
    await rest(emu, `${P}/topics/${t}:publish`, {
      method: 'POST',
      body: { messages: [{ data: Buffer.from('one').toString('base64'), attributes: { some_key: 'v' } }] },
    });
    const pull = async () => {
      const res = await rest(emu, `${P}/subscriptions/${s}:pull`, {
        method: 'POST',
        body: { max_messages: 10, return_immediately: true },
      });
      return (
        ((await res.json()) as { receivedMessages?: { ackId: string; message: { attributes: object } }[] })
          .receivedMessages ?? []
      );
    };
    const [m] = await pull();
    expect(m!.message.attributes).toEqual({ some_key: 'v' });
    const snapRes = await rest(emu, `${P}/snapshots/${snap}`, {
      method: 'PUT',
      body: { subscription: `${P}/subscriptions/${s}` },
    });
    expect(await snapRes.json()).toMatchObject({ name: `${P}/snapshots/${snap}`, topic: `${P}/topics/${t}` });
    expect(
      ((await (await rest(emu, `${P}/snapshots`)).json()) as { snapshots: { name: string }[] }).snapshots.map(
        (x) => x.name,
      ),
    ).toContain(`${P}/snapshots/${snap}`);
    await rest(emu, `${P}/subscriptions/${s}:acknowledge`, { method: 'POST', body: { ack_ids: [m!.ackId] } });
    expect(await pull()).toHaveLength(0);
    const seek = await rest(emu, `${P}/subscriptions/${s}:seek`, {
      method: 'POST',
      body: { snapshot: `${P}/snapshots/${snap}` },
    });
    expect(seek.status).toBe(200);
    expect(await pull()).toHaveLength(1);
    const patched = await rest(emu, `${P}/subscriptions/${s}`, {
      method: 'PATCH',
      body: { subscription: { ackDeadlineSeconds: 99 }, updateMask: 'ackDeadlineSeconds' },
    });
    expect(await patched.json()).toMatchObject({ ackDeadlineSeconds: 99 });
    const past = await rest(emu, `${P}/subscriptions/${s}:seek`, {
      method: 'POST',
      body: { time: new Date(0).toISOString() },
    });
    expect(past.status).toBe(200);
    expect((await rest(emu, `${P}/snapshots/${snap}`, { method: 'DELETE' })).status).toBe(200);
    expect((await rest(emu, `${P}/snapshots/${snap}`)).status).toBe(404);
  });
});
