// `devkit storage ...` (gcloud storage shapes) and `devkit gsutil ...` against the Storage and
// Pub/Sub emulators: buckets, wildcard copies and removals, -r, notifications, --format=json.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { devkitOk } from '../helpers/run-devkit.ts';
import { devkitIn, devkitInProcess } from './in-process.ts';

let stack: StartedStack;
let dir: string;
let storage: Storage;
beforeAll(async () => {
  stack = await startStack({
    services: ['pubsub', 'storage'],
    ports: { pubsub: 0, storage: 0 },
    redis: false,
    functions: false,
  });
  storage = new Storage({ projectId: 'devkit-local', apiEndpoint: stack.env.STORAGE_EMULATOR_HOST });
  dir = await mkdtemp(join(tmpdir(), 'devkit-storage-'));
  await mkdir(join(dir, 'work', 'sub'), { recursive: true });
  for (const name of ['a.txt', 'b.txt', 'c.csv'])
    await writeFile(join(dir, 'work', name), `content of ${name}`);
  await writeFile(join(dir, 'work', 'sub', 'd.txt'), 'deep');
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});
const devkit = (...args: string[]) => devkitIn(args, stack.env);
const names = async (bucket: string) =>
  (await storage.bucket(bucket).getFiles())[0].map((f) => f.name).sort();

describe('devkit storage (gcloud storage)', { timeout: 60_000 }, () => {
  it('buckets create/describe/list/update/delete', async () => {
    const b = `gb-${randomUUID().slice(0, 8)}`;
    await devkit(
      'storage',
      'buckets',
      'create',
      `gs://${b}`,
      '--location=EU',
      '--default-storage-class=NEARLINE',
      '--labels=team=a',
    );
    expect(
      JSON.parse(await devkit('storage', 'buckets', 'describe', `gs://${b}`, '--format=json')),
    ).toMatchObject({
      name: b,
      labels: { team: 'a' },
      storage_url: `gs://${b}/`,
    });
    expect(
      JSON.parse(await devkit('storage', 'buckets', 'list', '--format=json')).map(
        (x: { name: string }) => x.name,
      ),
    ).toContain(b);
    await devkit(
      'storage',
      'buckets',
      'update',
      `gs://${b}`,
      '--update-labels=env=dev',
      '--remove-labels=team',
      '--versioning',
    );
    const after = JSON.parse(await devkit('storage', 'buckets', 'describe', `gs://${b}`, '--json'));
    expect(after.labels).toEqual({ env: 'dev' });
    expect(after.versioning).toEqual({ enabled: true });
    await devkit('storage', 'buckets', 'delete', `gs://${b}`);
    expect((await storage.bucket(b).exists())[0]).toBe(false);
  });

  it('cp several sources and wildcards, -r, ls (levels, -r, -l, --json), cat, mv, rm with * and **', async () => {
    const b = `go-${randomUUID().slice(0, 8)}`;
    await devkit('storage', 'buckets', 'create', `gs://${b}`);
    await devkit('storage', 'cp', join(dir, 'work', 'a.txt'), join(dir, 'work', 'b.txt'), `gs://${b}/in/`);
    await devkit('storage', 'cp', join(dir, 'work', '*.csv'), `gs://${b}/in/`);
    await devkit('storage', 'cp', '-r', join(dir, 'work'), `gs://${b}/tree/`);
    expect(await names(b)).toEqual([
      'in/a.txt',
      'in/b.txt',
      'in/c.csv',
      'tree/work/a.txt',
      'tree/work/b.txt',
      'tree/work/c.csv',
      'tree/work/sub/d.txt',
    ]);
    expect(await devkit('storage', 'ls', `gs://${b}`)).toBe(`gs://${b}/in/\ngs://${b}/tree/\n`);
    expect(await devkit('storage', 'ls', `gs://${b}/in/*.txt`)).toBe(
      `gs://${b}/in/a.txt\ngs://${b}/in/b.txt\n`,
    );
    expect((await devkit('storage', 'ls', '-r', `gs://${b}/tree`)).trim().split('\n')).toHaveLength(4);
    expect(await devkit('storage', 'ls', '-l', `gs://${b}/in/a.txt`)).toMatch(
      /^\s+16\s+\S+Z\s+gs:\/\/.*\/in\/a\.txt\nTOTAL: 1 objects, 16 bytes/,
    );
    const listed = JSON.parse(await devkit('storage', 'ls', `gs://${b}/in/`, '--format=json'));
    expect(listed.map((e: { url: string }) => e.url)).toEqual([
      `gs://${b}/in/a.txt`,
      `gs://${b}/in/b.txt`,
      `gs://${b}/in/c.csv`,
    ]);
    expect(await devkit('storage', 'cat', `gs://${b}/in/a.txt`)).toBe('content of a.txt');
    await devkit('storage', 'mv', `gs://${b}/in/c.csv`, `gs://${b}/moved.csv`);
    await devkit('storage', 'cp', `gs://${b}/in/*`, join(dir, 'down/'));
    expect(await readFile(join(dir, 'down', 'b.txt'), 'utf8')).toBe('content of b.txt');
    await devkit('storage', 'rm', `gs://${b}/in/*`);
    await devkit('storage', 'rm', `gs://${b}/tree/**`);
    expect(await names(b)).toEqual(['moved.csv']);
    const none = await devkitInProcess(['storage', 'rm', `gs://${b}/nothing/*`], stack.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('matched no objects');
    await devkit('storage', 'rm', '-r', `gs://${b}`);
    expect((await storage.bucket(b).exists())[0]).toBe(false);
  });

  it('buckets notifications create/list/describe/delete (topic created when missing)', async () => {
    const b = `gn-${randomUUID().slice(0, 8)}`;
    await devkit('storage', 'buckets', 'create', `gs://${b}`);
    const created = await devkit(
      'storage',
      'buckets',
      'notifications',
      'create',
      `gs://${b}`,
      `--topic=n-${b}`,
      '--payload-format=json',
      '--event-types=OBJECT_FINALIZE,OBJECT_DELETE',
      '--object-prefix=in/',
      '--custom-attributes=app=demo',
    );
    expect(created).toContain(`topic: //pubsub.googleapis.com/projects/devkit-local/topics/n-${b}`);
    const [listed] = JSON.parse(
      await devkit('storage', 'buckets', 'notifications', 'list', `gs://${b}`, '--format=json'),
    );
    expect(listed).toMatchObject({
      payload_format: 'JSON_API_V1',
      event_types: ['OBJECT_FINALIZE', 'OBJECT_DELETE'],
      object_name_prefix: 'in/',
      custom_attributes: { app: 'demo' },
    });
    const url = `gs://${b}/notificationConfigs/${listed.id}`;
    expect(
      JSON.parse(await devkit('storage', 'buckets', 'notifications', 'describe', url, '--format=json')).id,
    ).toBe(listed.id);
    await devkit('storage', 'buckets', 'notifications', 'delete', url);
    expect(
      JSON.parse(await devkit('storage', 'buckets', 'notifications', 'list', `gs://${b}`, '--json')),
    ).toEqual([]);
  });

  it('unknown flags fail as gcloud does', async () => {
    const bad = await devkitInProcess(['storage', 'cp', '--frob', 'a', 'gs://b/'], stack.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ERROR: (gcloud.storage.cp) unrecognized arguments: --frob');
  });

  it('cp - reads stdin (a real process)', async () => {
    const b = `gi-${randomUUID().slice(0, 8)}`;
    await storage.createBucket(b);
    await devkitOk(['storage', 'cp', '-', `gs://${b}/piped.txt`], stack.env, 'from stdin');
    expect(await devkit('storage', 'cat', `gs://${b}/piped.txt`)).toBe('from stdin');
  });
});

describe('devkit gsutil', { timeout: 60_000 }, () => {
  it('mb, -m cp of many files, ls -l -r, cat, rm -r, rb, notification create/list/delete', async () => {
    const b = `gs-${randomUUID().slice(0, 8)}`;
    await devkit('gsutil', 'mb', '-l', 'US', `gs://${b}`);
    const out = await devkit(
      'gsutil',
      'notification',
      'create',
      '-t',
      `t-${b}`,
      '-f',
      'json',
      '-e',
      'OBJECT_FINALIZE',
      '-e',
      'OBJECT_DELETE',
      '-p',
      'w',
      `gs://${b}`,
    );
    expect(out).toMatch(
      new RegExp(`^Created notification config projects/_/buckets/${b}/notificationConfigs/\\S+\n$`),
    );
    expect(await devkit('gsutil', 'notification', 'list', `gs://${b}`)).toContain(
      `Cloud Pub/Sub topic: projects/devkit-local/topics/t-${b}`,
    );
    await devkit('gsutil', '-m', 'cp', join(dir, 'work', '*'), `gs://${b}/`);
    await devkit('gsutil', 'cp', '-r', join(dir, 'work', 'sub'), `gs://${b}/`);
    expect(await names(b)).toEqual(['a.txt', 'b.txt', 'c.csv', 'sub/d.txt']);
    expect(await devkit('gsutil', 'ls', `gs://${b}`)).toBe(
      `gs://${b}/a.txt\ngs://${b}/b.txt\ngs://${b}/c.csv\ngs://${b}/sub/\n`,
    );
    expect(await devkit('gsutil', 'ls', '-l', '-r', `gs://${b}`)).toContain('TOTAL: 4 objects');
    expect(await devkit('gsutil', 'ls')).toContain(`gs://${b}/\n`);
    expect(await devkit('gsutil', 'cat', `gs://${b}/sub/d.txt`)).toBe('deep');
    await devkit('gsutil', 'mv', `gs://${b}/b.txt`, `gs://${b}/moved/`);
    expect(await names(b)).toEqual(['a.txt', 'c.csv', 'moved/b.txt', 'sub/d.txt']);
    await devkit('gsutil', '-m', 'rm', `gs://${b}/*.txt`, `gs://${b}/moved/**`);
    expect(await names(b)).toEqual(['c.csv', 'sub/d.txt']);
    await devkit('gsutil', 'notification', 'delete', `gs://${b}`);
    expect(await devkit('gsutil', 'notification', 'list', `gs://${b}`)).toBe('');
    await devkit('gsutil', 'rm', '-r', `gs://${b}/sub`);
    await devkit('gsutil', 'rm', `gs://${b}/c.csv`);
    await devkit('gsutil', 'rb', `gs://${b}`);
    expect((await storage.bucket(b).exists())[0]).toBe(false);
  });
});
