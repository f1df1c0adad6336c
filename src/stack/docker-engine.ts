// Is a Docker engine answering? Asked through testcontainers (an optional peer dependency: without
// it the answer is no, with the reason), bounded in time, for the Redis fallback and Docker tests.

export interface EngineCheck {
  ok: boolean;
  /** What answered, or why nothing did (for skip messages and errors). */
  reason: string;
}

/** Finds a container runtime the way testcontainers does (DOCKER_HOST, the socket, rootless...). */
export async function checkDockerEngine(timeoutMs = 5_000): Promise<EngineCheck> {
  const where = process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : 'the default socket';
  let testcontainers: typeof import('testcontainers');
  try {
    testcontainers = await import('testcontainers');
  } catch {
    return { ok: false, reason: 'testcontainers is not installed (npm install --save-dev testcontainers)' };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const client = await Promise.race([testcontainers.getContainerRuntimeClient(), timeout]);
    return { ok: true, reason: `Docker engine ${client.info.containerRuntime.serverVersion} (${where})` };
  } catch (err) {
    return { ok: false, reason: `no Docker engine answers at ${where}: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
