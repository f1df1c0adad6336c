// A throwaway Redis in a container (testcontainers), for machines with Docker but no redis-server:
// no persistence, published on the host's loopback, removed at stop.

export interface StartedRedisContainer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const REDIS_IMAGE = 'redis:7';

/** Starts `redis:7`; `port` 0 = any free host port. */
export async function startRedisContainer(port = 0): Promise<StartedRedisContainer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const started = await new GenericContainer(REDIS_IMAGE)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
    .withExposedPorts(port ? { container: 6379, host: port } : 6379)
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
  const host = started.getHost();
  const mapped = started.getMappedPort(6379);
  return {
    url: `redis://${host === 'localhost' ? '127.0.0.1' : host}:${mapped}`,
    port: mapped,
    stop: async () => {
      await started.stop();
    },
  };
}
