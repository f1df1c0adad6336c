// Finding 6 of issue 14: endpoint variables that would make a run half-talk to production (or to a
// throwaway local service on GCP) are refused, each naming the variable.
import { describe, expect, it } from 'vitest';
import { hostOf, isLoopbackHost } from '../../src/config/endpoint-guards.ts';
import { ConfigError, resolveConfig } from '../../src/config/index.ts';

const GCP = { DEVKIT_TARGET: 'gcp', GOOGLE_CLOUD_PROJECT: 'my-project' };
const LOCAL = {
  DEVKIT_TARGET: 'local',
  PUBSUB_EMULATOR_HOST: '127.0.0.1:8085',
  STORAGE_EMULATOR_HOST: 'http://127.0.0.1:4443',
  CLOUD_SCHEDULER_EMULATOR_HOST: '127.0.0.1:8089',
};

function refused(env: Record<string, string>): ConfigError {
  try {
    resolveConfig({ env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('hosts', () => {
  it.each([
    ['redis://127.0.0.1:6379', '127.0.0.1', true],
    ['redis://:secret@localhost:6379/0', 'localhost', true],
    ['redis://[::1]:6379', '::1', true],
    ['http://127.8.9.10:8085/', '127.8.9.10', true],
    ['0.0.0.0:8085', '0.0.0.0', true],
    ['rediss://10.0.0.3:6378', '10.0.0.3', false],
    ['https://us-east1-pubsub.googleapis.com/', 'us-east1-pubsub.googleapis.com', false],
    ['pubsub:8085', 'pubsub', false],
  ])('%s has host %s (loopback: %s)', (value, host, loopback) => {
    expect(hostOf(value)).toBe(host);
    expect(isLoopbackHost(hostOf(value))).toBe(loopback);
  });
});

describe('DEVKIT_TARGET=gcp', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'redis://localhost:6380',
    'redis://[::1]:6379',
    'redis://:pw@127.0.0.2:1',
  ])('refuses the loopback REDIS_URL %s unless DEVKIT_ALLOW_LOCAL_REDIS=1', (url) => {
    const err = refused({ ...GCP, REDIS_URL: url });
    expect(err.variable).toBe('REDIS_URL');
    expect(err.message).toContain('REDIS_URL=');
    expect(err.message).toContain('DEVKIT_ALLOW_LOCAL_REDIS=1');
    expect(resolveConfig({ env: { ...GCP, REDIS_URL: url, DEVKIT_ALLOW_LOCAL_REDIS: '1' } }).redisUrl).toBe(
      url,
    );
    expect(refused({ ...GCP, REDIS_URL: url, DEVKIT_ALLOW_LOCAL_REDIS: '0' }).variable).toBe('REDIS_URL');
  });

  it('takes a Redis elsewhere, and validates the opt-in', () => {
    expect(resolveConfig({ env: { ...GCP, REDIS_URL: 'rediss://10.0.0.3:6378' } }).redisUrl).toBe(
      'rediss://10.0.0.3:6378',
    );
    const err = refused({ ...GCP, DEVKIT_ALLOW_LOCAL_REDIS: 'yes' });
    expect(err.variable).toBe('DEVKIT_ALLOW_LOCAL_REDIS');
  });

  it.each([
    ['CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB', 'http://127.0.0.1:8085', 'at this machine'],
    ['CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB', 'localhost:8085', 'at this machine'],
    [
      'CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE',
      'http://pubsub-proxy.internal:80/',
      'at pubsub-proxy.internal',
    ],
    ['CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB', ' ', 'no host'],
  ])('refuses %s=%s (the official client follows it)', (variable, value, where) => {
    const err = refused({ ...GCP, [variable]: value });
    expect(err.variable).toBe(variable);
    expect(err.message).toContain(`${variable}=`);
    expect(err.message).toContain(where);
    expect(err.message).toContain(`unset ${variable}`);
  });

  it('takes an override that names a Google endpoint (regional, Private Service Connect)', () => {
    const env = {
      ...GCP,
      CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB: 'https://us-east1-pubsub.googleapis.com/',
      CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE: 'https://storage-myendpoint.p.googleapis.com/',
    };
    expect(resolveConfig({ env }).target).toBe('gcp');
  });

  it.each([
    ['STORAGE_EMULATOR_HOST', ' '],
    ['STORAGE_EMULATOR_HOST', ''],
    ['PUBSUB_EMULATOR_HOST', '  '],
    ['CLOUD_SCHEDULER_EMULATOR_HOST', ''],
  ])('refuses %s=%j: present but blank still counts as set', (variable, value) => {
    const err = refused({ ...GCP, [variable]: value });
    expect(err.variable).toBe(variable);
    expect(err.message).toContain(`DEVKIT_TARGET=gcp but ${variable} is set`);
    expect(err.message).toContain('blank still counts as set');
    expect(err.message).toContain(`unset ${variable}`);
  });
});

describe('DEVKIT_TARGET=local', () => {
  it.each([
    ['STORAGE_EMULATOR_HOST', 'https://storage.googleapis.com'],
    ['STORAGE_EMULATOR_HOST', 'storage.googleapis.com:443'],
    ['PUBSUB_EMULATOR_HOST', 'pubsub.googleapis.com:443'],
    ['PUBSUB_EMULATOR_HOST', 'us-east1-pubsub.googleapis.com:443'],
    ['CLOUD_SCHEDULER_EMULATOR_HOST', 'cloudscheduler.googleapis.com:443'],
  ])('refuses %s=%s: a Google API host is not an emulator', (variable, value) => {
    const err = refused({ ...LOCAL, [variable]: value });
    expect(err.variable).toBe(variable);
    expect(err.message).toContain(`DEVKIT_TARGET=local but ${variable}=`);
    expect(err.message).toContain('Google API host');
  });

  it('takes emulators on this machine or on a host named explicitly (a container, a LAN box)', () => {
    const env = {
      ...LOCAL,
      PUBSUB_EMULATOR_HOST: 'pubsub:8085',
      STORAGE_EMULATOR_HOST: 'http://192.168.1.20:4443',
    };
    expect(resolveConfig({ env }).pubsubEmulatorHost).toBe('pubsub:8085');
  });
});
