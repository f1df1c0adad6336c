// The endpoint guards through a real `devkit worker` process: it refuses to start (exit 2) and
// its message names the variable, before it connects to anything.
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { cleanEnv, DEVKIT_BIN } from '../helpers/devkit-process.ts';

const worker = (env: Record<string, string>) =>
  spawnSync(process.execPath, [DEVKIT_BIN, 'worker', '--key-prefix', 'guards-cli'], {
    env: { ...cleanEnv(), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

it.each([
  [
    { DEVKIT_TARGET: 'gcp', GOOGLE_CLOUD_PROJECT: 'acme-prod-1', REDIS_URL: 'redis://127.0.0.1:6379' },
    'REDIS_URL',
  ],
  [
    {
      DEVKIT_TARGET: 'gcp',
      GOOGLE_CLOUD_PROJECT: 'acme-prod-1',
      CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB: 'http://127.0.0.1:8085',
    },
    'CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB',
  ],
  [
    { DEVKIT_TARGET: 'gcp', GOOGLE_CLOUD_PROJECT: 'acme-prod-1', STORAGE_EMULATOR_HOST: ' ' },
    'STORAGE_EMULATOR_HOST',
  ],
  [
    {
      DEVKIT_TARGET: 'local',
      PUBSUB_EMULATOR_HOST: 'pubsub.googleapis.com:443',
      STORAGE_EMULATOR_HOST: 'http://127.0.0.1:4443',
    },
    'PUBSUB_EMULATOR_HOST',
  ],
])(
  'devkit worker refuses %j naming %s',
  (env, variable) => {
    const run = worker(env);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${variable}[= ]`));
    expect(run.stdout).not.toContain('devkit ready');
  },
  60_000,
);
