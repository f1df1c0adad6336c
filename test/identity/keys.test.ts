// Acceptance 3: the signing key survives a `devkit start --data-dir` restart (a token minted before
// still verifies after), and without a data dir every run has its own key.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createGoogleTokenVerifier } from '../../src/testing/verify-google-token.ts';
import { startDevkit } from '../helpers/devkit-process.ts';
import { schedulerClient } from '../scheduler/helpers.ts';
import { bearerOf, identityStack, receivingService, SERVICE_ACCOUNT, waitFor } from './helpers.ts';

const JOB = 'projects/devkit-local/locations/us-central1/jobs/keyed';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const certsAt = async (url: string) => (await (await fetch(url)).json()) as Record<string, string>;

/** `devkit start scheduler` on a data dir; runs JOB once and returns the token it carried. */
async function runOnDataDir(
  dataDir: string,
  create: boolean,
  serviceUrl: string,
  calls: { headers: object }[],
) {
  const devkit = await startDevkit(['start', 'scheduler', '--port', '0', '--data-dir', dataDir]);
  const client = schedulerClient(devkit.env.CLOUD_SCHEDULER_EMULATOR_HOST!);
  try {
    if (create) {
      await client.createJob({
        parent: JOB.slice(0, JOB.lastIndexOf('/jobs/')),
        job: {
          name: JOB,
          schedule: '0 0 1 1 *',
          httpTarget: { uri: `${serviceUrl}/keyed`, oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT } },
        },
      });
    }
    const before = calls.length;
    await client.runJob({ name: JOB });
    await waitFor(() => calls.length > before, 'the job call');
    const token = bearerOf(calls[before]!.headers as never);
    return { env: devkit.env, token, certs: await certsAt(devkit.env.DEVKIT_OIDC_CERTS_URL!), devkit };
  } finally {
    await client.close();
  }
}

async function stopDevkit(devkit: Awaited<ReturnType<typeof startDevkit>>) {
  devkit.child.kill('SIGTERM');
  expect((await devkit.exited).code).toBe(0);
}

describe('issuer keys', () => {
  test('survive a restart with --data-dir: same kid and certs, earlier tokens still verify', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'devkit-keys-'));
    dirs.push(dataDir);
    await using service = await receivingService();
    const audience = `${service.url}/keyed`;

    const first = await runOnDataDir(dataDir, true, service.url, service.calls);
    await stopDevkit(first.devkit);
    const keyFile = join(dataDir, 'identity', 'oidc-signing-key.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const second = await runOnDataDir(dataDir, false, service.url, service.calls);
    try {
      expect(second.certs).toEqual(first.certs);
      const verifier = createGoogleTokenVerifier({ env: second.env });
      await expect(
        verifier.verifyIdToken(first.token, { audience, email: SERVICE_ACCOUNT }),
      ).resolves.toMatchObject({
        aud: audience,
      });
      await expect(verifier.verifyIdToken(second.token, { audience })).resolves.toMatchObject({
        aud: audience,
      });
    } finally {
      await stopDevkit(second.devkit);
    }
  }, 90_000);

  test('without a data dir each run has its own key, so its tokens fail against another run', async () => {
    const a = await identityStack({ services: ['pubsub'] });
    const b = await identityStack({ services: ['pubsub'] });
    try {
      const [certsA, certsB] = [
        await certsAt(a.env.DEVKIT_OIDC_CERTS_URL!),
        await certsAt(b.env.DEVKIT_OIDC_CERTS_URL!),
      ];
      expect(Object.keys(certsA)).toHaveLength(1);
      expect(Object.keys(certsA)[0]).not.toBe(Object.keys(certsB)[0]);
      // A token from run A, read back from A's own tokeninfo, is unknown to run B.
      await using service = await receivingService();
      const { PubSub } = await import('@google-cloud/pubsub');
      const pubsub = new PubSub({
        projectId: 'devkit-local',
        apiEndpoint: a.env.PUBSUB_EMULATOR_HOST,
        emulatorMode: true,
        universeDomain: 'googleapis.com',
      });
      try {
        const [topic] = await pubsub.createTopic('keys-a');
        await topic.createSubscription('keys-a-push', {
          pushConfig: {
            pushEndpoint: `${service.url}/a`,
            oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT },
          },
        });
        await topic.publishMessage({ data: Buffer.from('a') });
        const call = await waitFor(() => service.calls[0], 'the push from run A');
        const token = bearerOf(call.headers);
        const audience = `${service.url}/a`;
        await expect(
          createGoogleTokenVerifier({ env: a.env }).verifyIdToken(token, { audience }),
        ).resolves.toBeTruthy();
        await expect(
          createGoogleTokenVerifier({ env: b.env }).verifyIdToken(token, { audience }),
        ).rejects.toThrow(/No pem found/);
      } finally {
        await pubsub.close();
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
