// A stack on free ports with the dashboard in front of it, and the official clients on the same
// stack, for the browser tests.
import type { PubSub } from '@google-cloud/pubsub';
import type { Storage } from '@google-cloud/storage';
import { createPubSub, createStorage } from '../../src/clients/index.ts';
import { resolveConfig } from '../../src/config/index.ts';
import { EMULATORS, type StartedStack, startStack } from '../../src/stack/index.ts';
import { type StartedUi, startUi } from '../../ui/server/index.ts';

process.env.METADATA_SERVER_DETECTION = 'none';

export interface UiFixture {
  stack: StartedStack;
  ui: StartedUi;
  pubsub: PubSub;
  storage: Storage;
  [Symbol.asyncDispose](): Promise<void>;
}

export const freePorts = () =>
  Object.fromEntries([...EMULATORS.map((e) => [e.name, 0]), ['redis', 0]]) as Record<string, number>;

export async function startUiFixture(refreshMs = 300): Promise<UiFixture> {
  const stack = await startStack({ ports: freePorts() });
  const ui = await startUi({ env: stack.env, port: 0, refreshMs });
  const config = resolveConfig({ env: { ...stack.env } });
  const pubsub = createPubSub(config);
  const storage = createStorage(config);
  return {
    stack,
    ui,
    pubsub,
    storage,
    async [Symbol.asyncDispose]() {
      await pubsub.close();
      await ui.stop();
      await stack.stop();
    },
  };
}
