// The browser guard in front of routing: a `Host` the server has already let through is not
// parsed again, and that shortcut must never let a foreign `Origin` or `Host` through.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../common/index.ts';
import { type StartedStorageEmulator, startStorageEmulator } from '../start.ts';

let emu: StartedStorageEmulator;
beforeAll(async () => {
  emu = await startStorageEmulator({ project: 'guard-test', logger: createLogger('silent') });
});
afterAll(() => emu.stop());

/** Status of `GET /storage/v1/b?project=guard-test` sent with exactly these Host / Origin headers. */
function status(headers: { host: string; origin?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: emu.port, path: '/storage/v1/b?project=guard-test', headers, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('storage server browser guard', () => {
  it('lets a loopback Host through again and again', async () => {
    const host = `127.0.0.1:${emu.port}`;
    expect(await status({ host })).toBe(200);
    expect(await status({ host })).toBe(200);
    expect(await status({ host: `localhost:${emu.port}` })).toBe(200);
  });

  it('still refuses a foreign Origin on a Host that passed before', async () => {
    const host = `127.0.0.1:${emu.port}`;
    expect(await status({ host })).toBe(200);
    expect(await status({ host, origin: 'http://evil.example' })).toBe(403);
    expect(await status({ host, origin: `http://localhost:${emu.port}` })).toBe(200);
    expect(await status({ host, origin: 'http://evil.example' })).toBe(403);
  });

  it('refuses a foreign Host every time, also after loopback ones passed', async () => {
    expect(await status({ host: `127.0.0.1:${emu.port}` })).toBe(200);
    expect(await status({ host: `evil.example:${emu.port}` })).toBe(403);
    expect(await status({ host: `evil.example:${emu.port}` })).toBe(403);
  });
});
