// `devkit function`: a Functions Framework-hosted handler fed by a Pub/Sub push subscription, so
// topic → function runs locally as in Cloud Functions (pushes go through a relay that builds the
// event, so a message with attributes only keeps them; a throwing handler answers 500, the
// subscription nacks and Pub/Sub redelivers with its retry policy).
import { randomBytes } from 'node:crypto';
import {
  createLogger,
  emulatorPubSubClient,
  type Logger,
  makeHandle,
  type StartedServer,
} from '../common/index.ts';
import { frameworkRequest } from './events.ts';
import { freePort, type SignatureType, startFramework } from './framework-process.ts';
import { startPushRelay } from './push-relay.ts';

export interface FunctionHostOptions {
  /** Module file exporting the handler (JS or TS). */
  source: string;
  /** Export name (or declaratively registered function name). */
  target: string;
  /** `event` (background function, default), `cloudevent` or `http`. */
  signatureType?: SignatureType;
  /** Topic id or `projects/P/topics/T`; must exist. */
  topic: string;
  project?: string;
  /** host:port of the Pub/Sub emulator. */
  pubsubHost: string;
  /** Port of the framework's HTTP server (0/unset = any free port). */
  port?: number;
  /** Push subscription to create (default `function-<target>-<random>`); deleted on stop. */
  subscription?: string;
  /** Extra environment for the handler process (e.g. STORAGE_EMULATOR_HOST). */
  env?: Record<string, string>;
  /** Redelivery backoff of the push subscription after a failure (default 1 s .. 10 s). */
  minBackoffSeconds?: number;
  maxBackoffSeconds?: number;
  logger?: Logger;
}

export interface StartedFunctionHost extends StartedServer {
  readonly url: string;
  readonly subscription: string;
  readonly topic: string;
}

export async function startFunctionHost(options: FunctionHostOptions): Promise<StartedFunctionHost> {
  const logger = (options.logger ?? createLogger()).child({ function: options.target });
  const project = options.project ?? process.env.GOOGLE_CLOUD_PROJECT ?? 'devkit-local';
  const topic = options.topic.includes('/') ? options.topic : `projects/${project}/topics/${options.topic}`;
  const topicProject = topic.split('/')[1] as string;
  const port = options.port || (await freePort());
  const framework = await startFramework({
    source: options.source,
    target: options.target,
    signatureType: options.signatureType ?? 'event',
    port,
    env: options.env,
    onLine: (line) => logger.info(line),
  });
  const url = `http://127.0.0.1:${port}`;
  const signatureType = options.signatureType ?? 'event';
  // HTTP functions get the push envelope as it is; event functions get Cloud Functions' event.
  const relay = await startPushRelay(url, (envelope) =>
    signatureType === 'http'
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) }
      : frameworkRequest(envelope, { kind: 'topic', topic }, signatureType, topic),
  );
  const pubsub = await emulatorPubSubClient(options.pubsubHost, topicProject);
  const subscription = options.subscription ?? `function-${options.target}-${randomBytes(4).toString('hex')}`;
  try {
    await pubsub.topic(topic).createSubscription(subscription, {
      pushConfig: { pushEndpoint: relay.url },
      ackDeadlineSeconds: 60,
      retryPolicy: {
        minimumBackoff: { seconds: options.minBackoffSeconds ?? 1 },
        maximumBackoff: { seconds: options.maxBackoffSeconds ?? 10 },
      },
    });
  } catch (err) {
    await framework.stop();
    await relay.stop();
    await pubsub.close();
    throw err;
  }
  const stop = async () => {
    await pubsub
      .subscription(subscription)
      .delete()
      .catch((err: unknown) => logger.warn('could not delete push subscription', { error: String(err) }));
    await pubsub.close();
    await relay.stop();
    await framework.stop();
  };
  return makeHandle('127.0.0.1', port, stop, { url, subscription, topic });
}
