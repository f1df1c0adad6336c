// `devkit keys mint` / `devkit keys register` as real processes against a Storage emulator: the
// written key file (mode 0600) signs URLs the emulator accepts; a registered own key too.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { runDevkit } from '../helpers/run-devkit.ts';
import { bucketName, PROJECT, startEmulator } from './helpers.ts';
import { fetchText } from './signed-helpers.ts';

// A CLI process starts slowly on a loaded machine: a minute per command, not runDevkit's 20 s.
async function devkitOk(args: string[], env: Record<string, string>): Promise<string> {
  const result = await runDevkit(args, env, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`devkit ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describe('devkit keys', { timeout: 180_000 }, () => {
  it('mint --out writes a key file that signs URLs; register makes your own key known', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devkit-keys-'));
    try {
      await using emu = await startEmulator();
      const env = { STORAGE_EMULATOR_HOST: emu.url };
      const out = join(dir, 'key.json');
      const said = await devkitOk(
        ['keys', 'mint', '--email', `cli@${PROJECT}.iam.gserviceaccount.com`, '--out', out],
        env,
      );
      expect(said).toContain(`cli@${PROJECT}.iam.gserviceaccount.com`);
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      const storage = new Storage({ apiEndpoint: emu.url, projectId: PROJECT, keyFilename: out });
      const [bucket] = await storage.createBucket(bucketName('cli'));
      await bucket.file('c.txt').save('cli');
      const [url] = await bucket
        .file('c.txt')
        .getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 600_000 });
      expect((await fetchText(url)).text).toBe('cli');

      const own = JSON.parse(await readFile(out, 'utf8'));
      own.client_email = `mine@${PROJECT}.iam.gserviceaccount.com`;
      own.private_key_id = 'mine-1';
      own.private_key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      });
      const ownFile = join(dir, 'own.json');
      await writeFile(ownFile, JSON.stringify(own));
      expect(await devkitOk(['keys', 'register', ownFile], env)).toContain('registered mine@');
      const ownStorage = new Storage({ apiEndpoint: emu.url, projectId: PROJECT, keyFilename: ownFile });
      const [ownUrl] = await ownStorage
        .bucket(bucket.name)
        .file('c.txt')
        .getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 600_000 });
      expect((await fetchText(ownUrl)).status).toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
