// The environment switches of DESIGN.md, validated with zod. Values are normalised here
// (trimmed, empty = unset, Storage host given a scheme) so the rest of the kit sees one shape.
import { z } from 'zod';

const optional = (schema: z.ZodString) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v?.toString().trim()),
    schema.optional(),
  );

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:8085');

const storageHost = z
  .string()
  .transform((v) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`))
  .pipe(z.url({ protocol: /^https?$/, error: 'expected http://host:port, e.g. http://127.0.0.1:4443' }))
  .transform((v) => v.replace(/\/+$/, ''));

/** What answers STORAGE_EMULATOR_HOST: our Storage emulator, or fsouza/fake-gcs-server. */
export const STORAGE_BACKENDS = ['devkit', 'fake-gcs-server'] as const;
export type StorageBackend = (typeof STORAGE_BACKENDS)[number];

export const envSchema = z.object({
  DEVKIT_TARGET: optional(z.string()).pipe(
    z.enum(['local', 'gcp'], { error: 'expected "local" or "gcp"' }).optional(),
  ),
  PUBSUB_EMULATOR_HOST: optional(hostPort),
  STORAGE_EMULATOR_HOST: optional(z.string()).pipe(storageHost.optional()),
  STORAGE_BACKEND: optional(z.string()).pipe(
    z
      .enum(STORAGE_BACKENDS, { error: 'expected "devkit" or "fake-gcs-server" (or leave it unset)' })
      .optional(),
  ),
  CLOUD_SCHEDULER_EMULATOR_HOST: optional(hostPort),
  CLOUD_TASKS_EMULATOR_HOST: optional(hostPort),
  REDIS_URL: optional(
    z.string().regex(/^rediss?:\/\/[^\s]+$/, 'expected redis://host:port (or rediss:// for TLS)'),
  ),
  GOOGLE_CLOUD_PROJECT: optional(
    z
      .string()
      .regex(
        /^([a-z][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
        'expected a project id such as my-project (lowercase letters, digits, hyphens)',
      ),
  ),
  DEVKIT_ALLOW_LOCAL_REDIS: optional(z.string()).pipe(
    z
      .enum(['0', '1'], { error: 'expected 1 (allow a loopback REDIS_URL with DEVKIT_TARGET=gcp) or 0' })
      .optional(),
  ),
  SCHEDULER_LOCATION: optional(z.string().regex(/^[a-z0-9-]+$/, 'expected a location such as us-central1')),
});

export type DevkitEnv = z.infer<typeof envSchema>;

/** The emulator variables, in the order messages list them. */
export const EMULATOR_VARIABLES = [
  'PUBSUB_EMULATOR_HOST',
  'STORAGE_EMULATOR_HOST',
  'CLOUD_SCHEDULER_EMULATOR_HOST',
  'CLOUD_TASKS_EMULATOR_HOST',
] as const;
export type EmulatorVariable = (typeof EMULATOR_VARIABLES)[number];
