// `gcp-devkit/testing/container`: the kit's stack as a testcontainers module, for teams whose CI
// prefers containers. Needs `testcontainers` (an optional peer dependency) and a Docker engine.
//   await using devkit = await new GcpDevkitContainer(await buildGcpDevkitImage()).start();
//   Object.assign(process.env, devkit.getEnv());
import { AbstractStartedContainer, GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import type { StartedServer } from '../../../emulators/common/index.ts';
import { KIT_ROOT } from '../../kit-paths.ts';
import { EMULATORS } from '../../stack/index.ts';

/** The tag `buildGcpDevkitImage` gives the image by default. */
export const GCP_DEVKIT_IMAGE = 'gcp-devkit:local';
const REDIS_PORT = 6379;

/**
 * Builds the image from the kit's Dockerfile: the installed package's folder by default (it ships
 * the Dockerfile and dist/), or a checkout of the kit. Returns the tag.
 */
export async function buildGcpDevkitImage(context = KIT_ROOT, tag = GCP_DEVKIT_IMAGE): Promise<string> {
  await GenericContainer.fromDockerfile(context).build(tag, { deleteOnExit: false });
  return tag;
}

/** `devkit start` in a container: every emulator on its default port, Redis on 6379, all published. */
export class GcpDevkitContainer extends GenericContainer {
  private project = 'devkit-local';

  constructor(image = GCP_DEVKIT_IMAGE) {
    super(image);
    this.withExposedPorts(...EMULATORS.map((e) => e.defaultPort), REDIS_PORT)
      .withCommand([
        'node',
        'bin/devkit.js',
        'start',
        '--host',
        '0.0.0.0',
        '--redis-port',
        String(REDIS_PORT),
      ])
      .withWaitStrategy(Wait.forLogMessage('devkit ready'))
      .withStartupTimeout(120_000);
  }

  withProject(project: string): this {
    this.project = project;
    return this.withEnvironment({ GOOGLE_CLOUD_PROJECT: project });
  }

  override async start(): Promise<StartedGcpDevkitContainer> {
    return new StartedGcpDevkitContainer(await super.start(), this.project);
  }
}

export class StartedGcpDevkitContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    readonly project: string,
  ) {
    super(started);
  }

  /** The variables the official clients and the kit's workers need, with the mapped host ports. */
  getEnv(): Record<string, string> {
    const host = this.getHost() === 'localhost' ? '127.0.0.1' : this.getHost();
    const env: Record<string, string> = {
      REDIS_URL: `redis://${host}:${this.getMappedPort(REDIS_PORT)}`,
      GOOGLE_CLOUD_PROJECT: this.project,
      DEVKIT_TARGET: 'local',
    };
    for (const spec of EMULATORS) {
      const address = `${host}:${this.getMappedPort(spec.defaultPort)}`;
      env[spec.envName] = spec.envValue({ address } as StartedServer);
    }
    return env;
  }
}
