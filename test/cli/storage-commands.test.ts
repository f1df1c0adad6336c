// `devkit storage ls|cp|cat|rm gs://...` as real processes against the embedded Storage emulator.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { devkitOk, runDevkit } from '../helpers/run-devkit.ts';

let stack: StartedStack;
let dir: string;
let storage: Storage;
beforeAll(async () => {
  stack = await startStack({ services: ['storage'], ports: { storage: 0 }, redis: false });
  storage = new Storage({ projectId: 'devkit-local', apiEndpoint: stack.env.STORAGE_EMULATOR_HOST });
  dir = await mkdtemp(join(tmpdir(), 'devkit-storage-'));
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});
const devkit = (args: string[], stdin?: string) => devkitOk(args, stack.env, stdin);

// Every step is a process start (~1-3 s on a busy two-core machine): generous per-test time.
describe('devkit storage', { timeout: 120_000 }, () => {
  it('cp up (file and stdin), ls (table and --json), cat, cp down, cp between buckets, rm', async () => {
    const id = randomUUID().slice(0, 8);
    const [bucket] = await storage.createBucket(`cli-${id}`);
    const local = join(dir, `report-${id}.txt`);
    await writeFile(local, 'line one\n');

    await devkit(['storage', 'cp', local, `gs://cli-${id}/in/`]);
    await devkit(['storage', 'cp', '-', `gs://cli-${id}/in/piped.txt`], 'from stdin');
    const [saved] = await bucket.file(`in/report-${id}.txt`).download();
    expect(saved.toString()).toBe('line one\n');

    const buckets = JSON.parse(await devkit(['storage', 'ls', '--json']));
    expect(buckets).toContainEqual({ name: `cli-${id}`, url: `gs://cli-${id}/` });
    const table = await devkit(['storage', 'ls', `gs://cli-${id}/in/`]);
    expect(table.split('\n')[0]).toMatch(/^SIZE\s+UPDATED\s+GENERATION\s+URL$/);
    expect(table).toMatch(new RegExp(`\\s9\\s+\\S+\\s+\\d+\\s+gs://cli-${id}/in/report-${id}.txt`));
    const listed = JSON.parse(await devkit(['storage', 'ls', `gs://cli-${id}`, '--json']));
    expect(listed.map((o: { name: string }) => o.name).sort()).toEqual([
      'in/piped.txt',
      `in/report-${id}.txt`,
    ]);

    expect(await devkit(['storage', 'cat', `gs://cli-${id}/in/piped.txt`])).toBe('from stdin');
    const down = join(dir, `down-${id}.txt`);
    await devkit(['storage', 'cp', `gs://cli-${id}/in/report-${id}.txt`, down]);
    expect(await readFile(down, 'utf8')).toBe('line one\n');

    await storage.createBucket(`cli-${id}-copy`);
    await devkit(['storage', 'cp', `gs://cli-${id}/in/piped.txt`, `gs://cli-${id}-copy/`]);
    const [copied] = await storage.bucket(`cli-${id}-copy`).file('piped.txt').download();
    expect(copied.toString()).toBe('from stdin');

    expect(await devkit(['storage', 'rm', `gs://cli-${id}/in/piped.txt`])).toContain(
      `Removed gs://cli-${id}/in/piped.txt.`,
    );
    const [exists] = await bucket.file('in/piped.txt').exists();
    expect(exists).toBe(false);
  });

  it('a missing object is a one-line 404 and exit code 1', async () => {
    const id = randomUUID().slice(0, 8);
    await storage.createBucket(`miss-${id}`);
    const result = await runDevkit(['storage', 'cat', `gs://miss-${id}/nope.txt`], stack.env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`devkit: 404 No such object: miss-${id}/nope.txt`);
    const bad = await runDevkit(['storage', 'cat', 'not-a-url'], stack.env);
    expect(bad.stderr).toContain('expected gs://bucket/object');
  });
});
