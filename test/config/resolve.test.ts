// Config parsing and the local/gcp guards of DESIGN.md.
import { describe, expect, it } from 'vitest';
import { ConfigError, declaredStorageBackend, resolveConfig } from '../../src/config/index.ts';

const LOCAL = {
  PUBSUB_EMULATOR_HOST: '127.0.0.1:8085',
  STORAGE_EMULATOR_HOST: 'http://127.0.0.1:4443',
  CLOUD_SCHEDULER_EMULATOR_HOST: '127.0.0.1:8089',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    resolveConfig({ env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('resolves a complete local environment with the default project', () => {
    const config = resolveConfig({ env: { ...LOCAL, DEVKIT_TARGET: 'local' } });
    expect(config).toEqual({
      target: 'local',
      project: 'devkit-local',
      pubsubEmulatorHost: '127.0.0.1:8085',
      storageEmulatorHost: 'http://127.0.0.1:4443',
      storageBackend: 'devkit',
      schedulerEmulatorHost: '127.0.0.1:8089',
      schedulerLocation: 'us-central1',
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it('treats an unset DEVKIT_TARGET as local', () => {
    expect(resolveConfig({ env: LOCAL }).target).toBe('local');
  });

  it('adds a scheme to a bare STORAGE_EMULATOR_HOST and drops trailing slashes', () => {
    const config = resolveConfig({ env: { ...LOCAL, STORAGE_EMULATOR_HOST: 'localhost:4443/' } });
    expect(config.storageEmulatorHost).toBe('http://localhost:4443');
  });

  it('treats empty variables as unset (but see the gcp guard for emulator variables)', () => {
    const config = resolveConfig({ env: { ...LOCAL, GOOGLE_CLOUD_PROJECT: ' ', SCHEDULER_LOCATION: '' } });
    expect(config.project).toBe('devkit-local');
    expect(config.schedulerLocation).toBe('us-central1');
  });

  it('resolves a gcp environment with no emulator hosts', () => {
    const config = resolveConfig({
      env: { DEVKIT_TARGET: 'gcp', GOOGLE_CLOUD_PROJECT: 'my-project', REDIS_URL: 'rediss://10.0.0.3:6378' },
    });
    expect(config).toMatchObject({
      target: 'gcp',
      project: 'my-project',
      redisUrl: 'rediss://10.0.0.3:6378',
    });
    expect(
      config.pubsubEmulatorHost ?? config.storageEmulatorHost ?? config.schedulerEmulatorHost,
    ).toBeUndefined();
  });

  it('lets overrides win over the environment', () => {
    const config = resolveConfig({
      env: { ...LOCAL, GOOGLE_CLOUD_PROJECT: 'from-env' },
      overrides: { project: 'from-flag' },
    });
    expect(config.project).toBe('from-flag');
  });

  it('only requires the emulators of the services a program uses', () => {
    const config = resolveConfig({ env: { PUBSUB_EMULATOR_HOST: '127.0.0.1:1' }, services: ['pubsub'] });
    expect(config.pubsubEmulatorHost).toBe('127.0.0.1:1');
  });

  describe('guards', () => {
    it.each([
      ['PUBSUB_EMULATOR_HOST', '127.0.0.1:8085'],
      ['STORAGE_EMULATOR_HOST', 'http://127.0.0.1:4443'],
      ['CLOUD_SCHEDULER_EMULATOR_HOST', '127.0.0.1:8089'],
    ])('gcp refuses while %s is set', (variable, value) => {
      const err = configError({
        DEVKIT_TARGET: 'gcp',
        GOOGLE_CLOUD_PROJECT: 'my-project',
        [variable]: value,
      });
      expect(err.variable).toBe(variable);
      expect(err.message).toContain(`DEVKIT_TARGET=gcp but ${variable} is set`);
      expect(err.message).toContain(`unset ${variable}`);
    });

    it.each(['PUBSUB_EMULATOR_HOST', 'STORAGE_EMULATOR_HOST', 'CLOUD_SCHEDULER_EMULATOR_HOST'])(
      'local refuses while %s is missing (a half-local mix)',
      (variable) => {
        const env: Record<string, string> = { ...LOCAL, DEVKIT_TARGET: 'local' };
        delete env[variable];
        const err = configError(env);
        expect(err.variable).toBe(variable);
        expect(err.message).toContain(`needs ${variable}`);
        expect(err.message).toContain('would mix local and GCP');
        expect(err.message).toContain('devkit start');
      },
    );

    it('local with no emulator at all says how to start them', () => {
      const err = configError({ DEVKIT_TARGET: 'local' });
      expect(err.message).toContain(
        'PUBSUB_EMULATOR_HOST, STORAGE_EMULATOR_HOST, CLOUD_SCHEDULER_EMULATOR_HOST',
      );
      expect(err.message).toContain('eval "$(npx devkit start)"');
    });

    it('gcp without a project names GOOGLE_CLOUD_PROJECT', () => {
      expect(configError({ DEVKIT_TARGET: 'gcp' }).variable).toBe('GOOGLE_CLOUD_PROJECT');
    });
  });

  describe('validation', () => {
    it.each([
      ['DEVKIT_TARGET', 'prod', 'expected "local" or "gcp"'],
      ['PUBSUB_EMULATOR_HOST', 'localhost', 'expected host:port'],
      ['CLOUD_SCHEDULER_EMULATOR_HOST', 'http://x:1', 'expected host:port'],
      ['STORAGE_EMULATOR_HOST', 'ftp://x:1', 'expected http://host:port'],
      ['REDIS_URL', 'localhost:6379', 'expected redis://host:port'],
      ['GOOGLE_CLOUD_PROJECT', 'My Project', 'expected a project id'],
      ['STORAGE_BACKEND', 'minio', 'expected "devkit" or "fake-gcs-server"'],
      ['STORAGE_BACKEND', 'embedded', 'expected "devkit" or "fake-gcs-server"'],
    ])('%s=%s is rejected with a clear message', (variable, value, message) => {
      const err = configError({ ...LOCAL, [variable]: value });
      expect(err.variable).toBe(variable);
      expect(err.message).toContain(`${variable}=`);
      expect(err.message).toContain(message);
    });
  });

  describe('STORAGE_BACKEND', () => {
    it('defaults to devkit, and takes fake-gcs-server (trimmed)', () => {
      expect(resolveConfig({ env: LOCAL }).storageBackend).toBe('devkit');
      expect(resolveConfig({ env: { ...LOCAL, STORAGE_BACKEND: '' } }).storageBackend).toBe('devkit');
      expect(resolveConfig({ env: { ...LOCAL, STORAGE_BACKEND: ' fake-gcs-server ' } }).storageBackend).toBe(
        'fake-gcs-server',
      );
      expect(resolveConfig({ env: { ...LOCAL, STORAGE_BACKEND: 'devkit' } }).storageBackend).toBe('devkit');
    });

    it('is refused with DEVKIT_TARGET=gcp when it names an emulator', () => {
      const err = configError({
        DEVKIT_TARGET: 'gcp',
        GOOGLE_CLOUD_PROJECT: 'my-project',
        STORAGE_BACKEND: 'fake-gcs-server',
      });
      expect(err.variable).toBe('STORAGE_BACKEND');
      expect(err.message).toMatch(/Unset STORAGE_BACKEND/);
      const gcp = resolveConfig({ env: { DEVKIT_TARGET: 'gcp', GOOGLE_CLOUD_PROJECT: 'my-project' } });
      expect(gcp.storageBackend).toBe('devkit');
    });

    it('declaredStorageBackend tells unset from set, and validates on its own', () => {
      expect(declaredStorageBackend({})).toBeUndefined();
      expect(declaredStorageBackend({ STORAGE_BACKEND: ' ' })).toBeUndefined();
      expect(declaredStorageBackend({ STORAGE_BACKEND: 'fake-gcs-server' })).toBe('fake-gcs-server');
      expect(() => declaredStorageBackend({ STORAGE_BACKEND: 'gcs' })).toThrow(
        /STORAGE_BACKEND="gcs" is invalid: expected "devkit" or "fake-gcs-server"/,
      );
    });
  });
});
