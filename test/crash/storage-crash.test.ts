// Storage with --data-dir survives SIGKILL during writes: rounds of concurrent media, multipart and
// resumable uploads (raw HTTP and the official client) into the emulator as its own process, killed
// at a random moment each round. After restarts every upload answered 200 is readable with its
// bytes, no object holds bytes no writer sent, and a clean restart leaves no debris.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { warmEmulatorProcess } from '../storage/emulator-process.ts';

const ROUNDS = 10;
const WRITERS = { media: 2, multipart: 2, resumable: 2 } as const;
const NAMES = 6;
type Kind = keyof typeof WRITERS;

interface Ack {
  bucket: string;
  name: string;
  generation: bigint;
  md5: string;
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));
const parent = await mkdtemp(join(tmpdir(), 'gcs-crash-'));
const dataDir = join(parent, 'data');
afterAll(() => rm(parent, { recursive: true, force: true }));

function client(url: string) {
  return new Storage({ apiEndpoint: url, projectId: 'crash', retryOptions: { autoRetry: false } });
}

/** One upload of fresh random bytes; resolves to its ack (with the MD5 the emulator answered). */
async function upload(url: string, storage: Storage, kind: Kind, bucket: string, written: Set<string>) {
  const name = `obj-${between(0, NAMES)}`;
  const body = randomBytes(kind === 'resumable' ? between(256 << 10, 800 << 10) : between(1, 256 << 10));
  written.add(md5(body));
  let meta: { generation?: string | number; md5Hash?: string };
  if (kind === 'media') {
    const res = await fetch(`${url}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    if (res.status !== 200) throw new Error(`media upload: ${res.status}`);
    meta = (await res.json()) as typeof meta;
  } else {
    const file = storage.bucket(bucket).file(name);
    await file.save(
      body,
      kind === 'resumable' ? { resumable: true, chunkSize: 256 << 10 } : { resumable: false },
    );
    meta = file.metadata;
  }
  return { bucket, name, generation: BigInt(meta.generation!), md5: md5(body), answered: meta.md5Hash };
}

async function sessionDescriptorsAreWhole(): Promise<void> {
  const dir = join(dataDir, 'uploads');
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (!entry.endsWith('.json')) continue;
    const text = await readFile(join(dir, entry), 'utf8');
    expect(() => JSON.parse(text), `descriptor ${entry}: ${JSON.stringify(text)}`).not.toThrow();
  }
}

describe('storage crash safety', () => {
  it(`${ROUNDS} rounds of SIGKILL during uploads: acknowledged objects survive whole`, async () => {
    const acks: Ack[] = [];
    const written = new Set<string>();
    // The next processes load while this round writes, so a restart costs the emulator's start only.
    const warm = [warmEmulatorProcess(dataDir), warmEmulatorProcess(dataDir)];
    for (let round = 0; round < ROUNDS; round++) {
      const emu = await warm.shift()!.start();
      warm.push(warmEmulatorProcess(dataDir));
      const storage = client(emu.url);
      if (round === 0) {
        await storage.createBucket('versioned', { versioning: { enabled: true } });
        await storage.createBucket('plain');
      }
      let stopped = false;
      const writers = Object.entries(WRITERS).flatMap(([kind, count]) =>
        Array.from({ length: count }, async (_, i) => {
          for (let n = 0; !stopped; n++) {
            const bucket = (n + i) % 2 ? 'versioned' : 'plain';
            const ack = await upload(emu.url, storage, kind as Kind, bucket, written).catch(() => undefined);
            if (!ack) continue;
            expect(ack.answered, `${ack.bucket}/${ack.name}`).toBe(ack.md5);
            acks.push(ack);
          }
        }),
      );
      // Killed while writes run: after this round's first answer (however slow the machine), plus
      // a random moment.
      const before = acks.length;
      await eventually(() => acks.length > before, 30_000);
      await new Promise((r) => setTimeout(r, between(0, 1000)));
      await emu.kill();
      stopped = true;
      await Promise.all(writers);
      await sessionDescriptorsAreWhole();
    }
    expect(acks.length).toBeGreaterThanOrEqual(ROUNDS);

    await using emu = await warm.shift()!.start();
    await Promise.all(warm.map((w) => w.discard()));
    const storage = client(emu.url);
    // Every version (live or not) holds bytes some writer sent, and its recorded MD5 is right.
    const stored = new Map<string, { generation: bigint; md5: string; live: boolean }[]>();
    let versions = 0;
    for (const bucket of ['versioned', 'plain']) {
      const [files] = await storage.bucket(bucket).getFiles({ versions: true });
      for (const f of files) {
        const [bytes] = await storage
          .bucket(bucket)
          .file(f.name, { generation: f.metadata.generation })
          .download();
        expect(written.has(md5(bytes)), `${bucket}/${f.name}#${f.metadata.generation}`).toBe(true);
        expect(f.metadata.md5Hash).toBe(md5(bytes));
        const key = `${bucket}/${f.name}`;
        stored.set(key, [
          ...(stored.get(key) ?? []),
          { generation: BigInt(f.metadata.generation!), md5: md5(bytes), live: !f.metadata.timeDeleted },
        ]);
        versions++;
      }
    }
    for (const ack of acks) {
      const gens = stored.get(`${ack.bucket}/${ack.name}`) ?? [];
      if (ack.bucket === 'versioned') {
        // Versioning keeps every acknowledged generation, with its bytes.
        expect(gens.find((g) => g.generation === ack.generation)?.md5, `${ack.name}#${ack.generation}`).toBe(
          ack.md5,
        );
      } else {
        // Overwrites retire older generations; the live one is this ack or a later write.
        const live = gens.find((g) => g.live);
        expect(live, `${ack.name} live`).toBeDefined();
        expect(live!.generation >= ack.generation, `${ack.name} not rolled back`).toBe(true);
        if (live!.generation === ack.generation) expect(live!.md5).toBe(ack.md5);
      }
    }
    for (const [key, gens] of stored) {
      expect(gens.filter((g) => g.live).length, key).toBe(1);
      if (key.startsWith('plain/')) expect(gens.length, key).toBe(1);
    }

    // Replaced and deleted generations are soft-deleted (GCS's default 7-day policy) and keep
    // their bytes until their hardDeleteTime.
    for (const bucket of ['versioned', 'plain']) {
      versions += (await storage.bucket(bucket).getFiles({ softDeleted: true }))[0].length;
    }
    // No debris: one blob per stored version, nothing in tmp, session files only as whole pairs.
    expect((await readdir(join(dataDir, 'blobs'))).length).toBe(versions);
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
    const uploads = await readdir(join(dataDir, 'uploads'));
    for (const entry of uploads) {
      const id = entry.replace(/\.json$/, '');
      expect(uploads, entry).toContain(`${id}.json`);
    }
    await sessionDescriptorsAreWhole();
    expect((await readdir(dataDir)).filter((f) => f.startsWith('LOCK'))).toEqual(['LOCK']);
    await emu.stop();
    expect(await emu.exited).toEqual({ code: 0, signal: null });
    expect((await readdir(dataDir)).filter((f) => f.startsWith('LOCK'))).toEqual([]);
  }, 180_000);
});
