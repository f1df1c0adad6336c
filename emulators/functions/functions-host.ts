// The deployed functions of one stack: deploy (replacing a function of the same name), delete,
// describe, call, logs, and the dispatch of pushed trigger messages with the function's retry rule.
import type { PubSub } from '@google-cloud/pubsub';
import { DevkitError, type Logger } from '../common/index.ts';
import { type DeployedFunction, type LogEntry, startDeployedFunction } from './deployed-function.ts';
import { describeFunction, type FunctionResource } from './describe.ts';
import { callRequest, frameworkRequest, type PushEnvelope } from './events.ts';
import { parseFunctionSpec } from './function-spec.ts';
import {
  type TriggerContext,
  type TriggerWiring,
  triggerTopic,
  unwireTrigger,
  wireTrigger,
} from './triggers.ts';

export interface FunctionsRegistryOptions {
  project: string;
  region: string;
  hostUrl: string;
  pubsub(): Promise<PubSub>;
  storageUrl?: string;
  /** Environment every function gets (the stack's emulator variables). */
  env: Record<string, string>;
  cacheDir: string;
  logger: Logger;
}

interface Entry {
  fn: DeployedFunction;
  wiring?: TriggerWiring;
}

export function createFunctionsRegistry(options: FunctionsRegistryOptions) {
  const entries = new Map<string, Entry>();
  let stopped = false;
  const ctx: TriggerContext = { ...options };
  const describe = (e: Entry) => describeFunction(e.fn, e.wiring, options);
  const get = (name: string): Entry => {
    const entry = entries.get(name);
    if (!entry)
      throw new DevkitError(
        'NOT_FOUND',
        `Function ${name} in region ${options.region} in project ${options.project} does not exist`,
      );
    return entry;
  };
  return {
    async deploy(body: unknown): Promise<FunctionResource> {
      const spec = parseFunctionSpec(body);
      const fn = await startDeployedFunction({
        spec,
        env: options.env,
        cacheDir: options.cacheDir,
        logger: options.logger,
      });
      if (stopped) {
        // The host stopped while this child started (a venv build takes a while): no orphan.
        await fn.stop();
        throw new DevkitError('UNAVAILABLE', 'the Functions host stopped during the deployment');
      }
      const previous = entries.get(spec.name);
      let wiring: TriggerWiring | undefined;
      try {
        if (previous) await unwireTrigger(previous.wiring, ctx);
        entries.set(spec.name, { fn });
        wiring = await wireTrigger(spec, ctx);
      } catch (err) {
        entries.delete(spec.name);
        await fn.stop();
        throw new DevkitError('FAILED_PRECONDITION', `deploying ${spec.name}: ${(err as Error).message}`);
      } finally {
        await previous?.fn.stop();
      }
      const entry = { fn, wiring };
      entries.set(spec.name, entry);
      return describe(entry);
    },
    list: (): FunctionResource[] => [...entries.values()].map(describe),
    describe: (name: string): FunctionResource => describe(get(name)),
    async remove(name: string): Promise<void> {
      const entry = get(name);
      entries.delete(name);
      await unwireTrigger(entry.wiring, ctx);
      await entry.fn.stop();
    },
    logs: (name: string): LogEntry[] => get(name).fn.logs(),
    /** `functions call`: HTTP functions get `data` as the JSON body, event functions as the event data. */
    async call(
      name: string,
      data: unknown,
    ): Promise<{ executionId: string; result?: string; error?: string }> {
      const { fn } = get(name);
      const executionId = Math.random().toString(36).slice(2, 14);
      const request =
        fn.spec.trigger.kind === 'http'
          ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(data ?? {}) }
          : callRequest(data, fn.spec.trigger, fn.spec.signatureType, triggerTopic(fn.spec, options.project));
      const response = await fn.invoke(request);
      return response.status < 300
        ? { executionId, result: response.body }
        : { executionId, error: response.body || `status ${response.status}` };
    },
    /** A pushed message → the function. Answers the push: true = ack, false = redeliver. */
    async dispatch(name: string, envelope: PushEnvelope): Promise<boolean> {
      const entry = entries.get(name);
      if (!entry?.wiring) return true; // deleted meanwhile: nothing will take it
      const { spec } = entry.fn;
      const response = await entry.fn.invoke(
        frameworkRequest(envelope, spec.trigger, spec.signatureType, entry.wiring.topic),
      );
      if (response.status < 300) return true;
      options.logger.warn('function failed', { function: name, status: response.status, retry: spec.retry });
      // Without --retry, Cloud Functions drops a failed event; with it, the event comes again.
      return !spec.retry;
    },
    async proxy(name: string): Promise<DeployedFunction> {
      const { fn } = get(name);
      if (fn.spec.trigger.kind !== 'http')
        throw new DevkitError('NOT_FOUND', `function ${name} has no HTTP trigger`);
      return fn;
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const name of [...entries.keys()]) await this.remove(name).catch(() => undefined);
    },
  };
}

export type FunctionsRegistry = ReturnType<typeof createFunctionsRegistry>;
