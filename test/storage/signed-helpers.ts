// Shared setup for the signing tests: an emulator on a manual clock (so expiry is moved, not
// waited for), a key file minted over HTTP, and an official client that signs with it.
import { Storage } from '@google-cloud/storage';
import { manualClock } from '../../emulators/common/index.ts';
import type { ServiceAccountKeyFile } from '../../emulators/identity/index.ts';
import { bucketName, PROJECT, startEmulator } from './helpers.ts';

export async function signingSetup(tag: string) {
  const clock = manualClock(Date.now());
  const emu = await startEmulator({ clock });
  const res = await fetch(`${emu.url}/_devkit/identity/service-account-keys`, {
    method: 'POST',
    body: JSON.stringify({ email: `signer-${tag}@${PROJECT}.iam.gserviceaccount.com` }),
  });
  if (res.status !== 200) throw new Error(`minting a key failed: ${res.status} ${await res.text()}`);
  const key = (await res.json()) as ServiceAccountKeyFile;
  const storage = new Storage({
    apiEndpoint: emu.url,
    projectId: PROJECT,
    credentials: key,
    retryOptions: { autoRetry: false },
  });
  const [bucket] = await storage.createBucket(bucketName(tag));
  return {
    emu,
    clock,
    key,
    storage,
    bucket,
    async [Symbol.asyncDispose]() {
      await emu.stop();
    },
  };
}

/** Status, body text and headers of a plain fetch. */
export async function fetchText(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text(), headers: res.headers };
}
