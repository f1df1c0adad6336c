// Hostile input on the shared port: random bytes, partial HTTP/2 prefaces, huge and odd JSON bodies.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { PROJECT, rawClients, rest, startEmulator, topicPath, uid } from './helpers.ts';

/** Sends bytes on a raw socket and resolves with whatever comes back before it closes (or 1 s). */
function poke(port: number, data: Buffer, keepOpenMs = 300): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    const done = () => resolve(Buffer.concat(chunks));
    socket.on('close', done);
    setTimeout(() => {
      socket.destroy();
      done();
    }, keepOpenMs);
  });
}

async function stillServes(emu: Awaited<ReturnType<typeof startEmulator>>) {
  const raw = rawClients(emu);
  const name = topicPath(uid('t'));
  const [topic] = await raw.publisher.createTopic({ name });
  await raw.close();
  const res = await rest(emu, `projects/${PROJECT}/topics/${uid('t')}`, { method: 'PUT' });
  return topic.name === name && res.status === 200;
}

describe('garbage on the port', () => {
  it('survives random bytes, half an HTTP/2 preface and a broken HTTP/2 stream', async () => {
    await using emu = await startEmulator();
    for (let i = 0; i < 20; i++) await poke(emu.port, randomBytes(1 + Math.floor(Math.random() * 4096)));
    const answer = await poke(emu.port, Buffer.from('GARBAGE / HTTP/1.1\r\n\r\n'));
    expect(answer.toString()).toMatch(/^HTTP\/1\.1 400/);
    await poke(emu.port, Buffer.from('PRI * HTTP/2.0\r\n'));
    await poke(emu.port, Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), randomBytes(2048)]));
    await poke(emu.port, Buffer.from('\x00\x00\x00\x00\x00'));
    expect(await stillServes(emu)).toBe(true);
    // A half preface that just hangs there does not block anyone else.
    const hanging = net.connect(emu.port, '127.0.0.1', () => hanging.write('PRI * HTTP/2.0\r\n\r\nS'));
    hanging.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(await stillServes(emu)).toBe(true);
    expect(hanging.destroyed).toBe(false);
    hanging.destroy();
  });

  it('refuses a huge JSON body and keeps serving', async () => {
    await using emu = await startEmulator();
    const t = uid('t');
    await rest(emu, `projects/${PROJECT}/topics/${t}`, { method: 'PUT' });
    const huge = `{"messages":[{"data":"${'A'.repeat(20 * 1024 * 1024)}"}]}`;
    const status = await fetch(`http://${emu.address}/v1/projects/${PROJECT}/topics/${t}:publish`, {
      method: 'POST',
      body: huge,
    }).then(
      (r) => r.status,
      () => 'connection closed',
    );
    expect([413, 'connection closed']).toContain(status);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const nested = await fetch(`http://${emu.address}/v1/projects/${PROJECT}/topics/${t}:publish`, {
      method: 'POST',
      body: deep,
    });
    expect(nested.status).toBe(400);
    expect(await stillServes(emu)).toBe(true);
  });
});

describe('hostile JSON', () => {
  it('keeps a __proto__ attribute as plain data', async () => {
    await using emu = await startEmulator();
    const P = `projects/${PROJECT}`;
    const t = uid('t');
    const s = uid('s');
    await rest(emu, `${P}/topics/${t}`, { method: 'PUT' });
    await rest(emu, `${P}/subscriptions/${s}`, { method: 'PUT', body: { topic: `${P}/topics/${t}` } });
    const body = `{"__proto__":{"polluted":"yes"},"messages":[{"attributes":{"__proto__":"x","k":"v"}}]}`;
    const res = await fetch(`http://${emu.address}/v1/${P}/topics/${t}:publish`, { method: 'POST', body });
    expect(res.status).toBe(200);
    const pulled = await rest(emu, `${P}/subscriptions/${s}:pull`, {
      method: 'POST',
      body: { returnImmediately: true, maxMessages: 1 },
    });
    const json = (await pulled.json()) as {
      receivedMessages: { message: { attributes: Record<string, string> } }[];
    };
    const attributes = json.receivedMessages[0]!.message.attributes;
    expect(Object.keys(attributes).sort()).toEqual(['__proto__', 'k']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
