// The compiled package loads its Lua scripts: `npm run build` must put src/workflow/lua/*.lua next to
// dist/src/workflow/claim-store.js, or every worker of an installed package fails at import.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type StartedRedis, startRedisServer } from '../../src/stack/index.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

let server: StartedRedis;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

// Plain node on dist/ (no tsx): claim, extend, complete and release go through every script.
const probe = `
import { Redis } from 'ioredis';
import { createClaimStore, workflowKeys } from './dist/src/workflow/index.js';
const redis = new Redis(process.env.REDIS_URL);
const store = createClaimStore(redis, workflowKeys(process.env.PREFIX), 'built');
const lease = await store.claim('bkt/obj#1', 5000);
await store.extend(lease, 5000);
await store.complete(lease, 60000);
const again = await store.claim('bkt/obj#1', 5000).catch((err) => err.name);
const other = await store.claim('bkt/obj#2', 5000);
await store.release(other);
console.log(JSON.stringify({ again, done: await store.isDone('bkt/obj#1'), claimed: await store.isClaimed('bkt/obj#2') }));
redis.disconnect();
`;

it('npm run build ships the Lua scripts: the compiled claim store runs them', async () => {
  await run('npm', ['run', 'build'], { cwd: root, timeout: 280_000 });
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], {
    cwd: root,
    env: { ...process.env, REDIS_URL: server.url, PREFIX: `build-${randomUUID()}` },
    timeout: 30_000,
  });
  expect(JSON.parse(stdout.trim())).toEqual({ again: 'AlreadyDoneError', done: true, claimed: false });
}, 300_000);
