// With a data dir, minted service-account keys and HMAC keys survive a restart: a URL signed
// before it still verifies after it, and the HMAC key is still listed with its state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import type { ServiceAccountKeyFile } from '../../emulators/identity/index.ts';
import { bucketName, clientFor, PROJECT, startEmulator } from './helpers.ts';
import { fetchText } from './signed-helpers.ts';

describe('signing keys with a data dir', () => {
  it('are kept across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'devkit-signing-'));
    try {
      const first = await startEmulator({ dataDir });
      let url: string;
      let accessId: string;
      const name = bucketName('persist');
      try {
        const res = await fetch(`${first.url}/_devkit/identity/service-account-keys`, {
          method: 'POST',
          body: '{}',
        });
        const key = (await res.json()) as ServiceAccountKeyFile;
        const storage = new Storage({ apiEndpoint: first.url, projectId: PROJECT, credentials: key });
        const [bucket] = await storage.createBucket(name);
        await bucket.file('kept.txt').save('kept');
        [url] = await bucket
          .file('kept.txt')
          .getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 10 * 60_000 });
        const [hmac] = await storage.createHmacKey(`kept@${PROJECT}.iam.gserviceaccount.com`);
        await hmac.setMetadata({ state: 'INACTIVE' });
        accessId = hmac.metadata.accessId!;
      } finally {
        await first.stop();
      }
      await using second = await startEmulator({ dataDir });
      // The Node client signs the host without its port, so the URL verifies on the new port.
      const moved = url.replace(new URL(url).origin, second.url);
      const got = await fetchText(moved);
      expect(got.status).toBe(200);
      expect(got.text).toBe('kept');
      const [meta] = await clientFor(second.url).hmacKey(accessId).getMetadata();
      expect(meta.state).toBe('INACTIVE');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
