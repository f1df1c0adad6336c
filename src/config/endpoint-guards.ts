// Where each endpoint variable points, checked against the target: a GCP run never reaches a
// throwaway local service, and a local run never reaches a Google API host.
import { EMULATOR_VARIABLES } from './env-schema.ts';
import { ConfigError } from './errors.ts';

type RawEnv = NodeJS.ProcessEnv | Record<string, string | undefined>;

/** The gcloud/client variables that move an API to another endpoint (the Pub/Sub client reads them). */
export const ENDPOINT_OVERRIDE_PREFIX = 'CLOUDSDK_API_ENDPOINT_OVERRIDES_';
/** Opt-in for a loopback REDIS_URL with DEVKIT_TARGET=gcp (e.g. an SSH tunnel to Memorystore). */
export const ALLOW_LOCAL_REDIS = 'DEVKIT_ALLOW_LOCAL_REDIS';

/** The host part of `scheme://host:port/...`, `host:port` or `[v6]:port`, lowercased; '' if none. */
export function hostOf(value: string): string {
  const bare = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const authority = bare.split(/[/?#]/, 1)[0]!.replace(/^.*@/, '');
  const v6 = /^\[([^\]]*)\]/.exec(authority);
  const host = v6 ? v6[1]! : authority.replace(/:\d*$/, '');
  return host.toLowerCase().replace(/\.$/, '');
}

/** This machine: `localhost` (and `*.localhost`), 127.0.0.0/8, ::1, the unspecified addresses, or no host. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return (
    h === '' ||
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h) ||
    /^(0:){7}1$|^::1$/.test(h) ||
    h === '0.0.0.0' ||
    h === '::'
  );
}

/** A Google API host: googleapis.com or any subdomain (regional and Private Service Connect endpoints). */
export function isGoogleApiHost(host: string): boolean {
  return host === 'googleapis.com' || host.endsWith('.googleapis.com');
}

/**
 * DEVKIT_TARGET=gcp: every emulator variable must be absent (present but empty or blank counts as
 * set: @google-cloud/storage turns any STORAGE_EMULATOR_HOST string into a custom endpoint), every
 * CLOUDSDK_API_ENDPOINT_OVERRIDES_* must name a Google API host, and REDIS_URL must not be loopback
 * unless DEVKIT_ALLOW_LOCAL_REDIS=1.
 */
export function checkGcpEndpoints(raw: RawEnv, allowLocalRedis: boolean): void {
  const present = EMULATOR_VARIABLES.filter((name) => raw[name] !== undefined);
  if (present.length > 0) {
    const variable = present[0]!;
    const value = raw[variable]!;
    const shown = value.trim() === '' ? `${JSON.stringify(value)}, blank still counts as set` : value;
    throw new ConfigError(
      `DEVKIT_TARGET=gcp but ${variable} is set (${shown}): a GCP run must not talk to an emulator. ` +
        `Unset it (\`unset ${present.join(' ')}\`) or use DEVKIT_TARGET=local.`,
      variable,
    );
  }
  for (const [variable, value] of Object.entries(raw)) {
    if (!variable.startsWith(ENDPOINT_OVERRIDE_PREFIX) || value === undefined) continue;
    const host = hostOf(value);
    if (isGoogleApiHost(host)) continue;
    throw new ConfigError(
      `DEVKIT_TARGET=gcp but ${variable}=${JSON.stringify(value)} points the official client away from ` +
        `Google (${!host ? 'no host' : isLoopbackHost(host) ? 'at this machine' : `at ${host}`}). ` +
        `Unset it (\`unset ${variable}\`), or name a *.googleapis.com endpoint.`,
      variable,
    );
  }
  const redis = raw.REDIS_URL?.trim();
  if (redis && !allowLocalRedis && isLoopbackHost(hostOf(redis))) {
    throw new ConfigError(
      `DEVKIT_TARGET=gcp but REDIS_URL=${redis} is a Redis on this machine: claims would live in a ` +
        'throwaway local Redis while effects land in production. Point REDIS_URL at the shared Redis ' +
        `(e.g. Memorystore), or set ${ALLOW_LOCAL_REDIS}=1 if this loopback address really is it (a tunnel).`,
      'REDIS_URL',
    );
  }
}

/** DEVKIT_TARGET=local: no emulator variable may name a Google API host. */
export function checkLocalEndpoints(env: Partial<Record<(typeof EMULATOR_VARIABLES)[number], string>>): void {
  for (const variable of EMULATOR_VARIABLES) {
    const value = env[variable];
    if (value === undefined || !isGoogleApiHost(hostOf(value))) continue;
    throw new ConfigError(
      `DEVKIT_TARGET=local but ${variable}=${value} is a Google API host, not an emulator: a local run ` +
        'must not talk to production. Point it at an emulator (`eval "$(npx devkit start)"`), ' +
        'or use DEVKIT_TARGET=gcp with no emulator variable.',
      variable,
    );
  }
}
