// Deploys devkit.yaml's `functions:` to the stack's Functions host (after the topics and buckets
// their triggers need exist). Without a local host (GCP target) they are reported, not deployed.
import { dirname, resolve } from 'node:path';
import type { FunctionEntry } from '../../topology/index.ts';
import { FUNCTIONS_ENV, functionsApi } from './functions-client.ts';
import { deployment } from './functions-deploy.ts';

/** The `functions deploy` flags an entry stands for; `source` is relative to the file. */
export function entryDeployment(entry: FunctionEntry, file: string): Record<string, unknown> {
  const trigger = entry.eventTrigger;
  return deployment(entry.name, {
    runtime: entry.runtime,
    entryPoint: entry.entryPoint,
    source: resolve(dirname(resolve(file)), entry.source ?? '.'),
    triggerHttp: entry.httpsTrigger ? true : undefined,
    triggerEvent: trigger?.eventType,
    triggerResource: trigger?.resource,
    retry: trigger?.retry,
    gen2: entry.signatureType === 'cloudevent',
    setEnvVars: entry.environmentVariables,
    timeout: entry.timeout,
  });
}

export async function deployTopologyFunctions(options: {
  functions: FunctionEntry[];
  file: string;
  env: NodeJS.ProcessEnv | Record<string, string | undefined>;
  dryRun?: boolean;
  say: (text: string) => void;
}): Promise<string[]> {
  if (options.functions.length === 0) return [];
  if (!options.env[FUNCTIONS_ENV]) {
    options.say(
      `${options.functions.length} function(s) declared, not deployed: no local Functions host (${FUNCTIONS_ENV}); on GCP deploy them with gcloud functions deploy.\n`,
    );
    return [];
  }
  const bodies = options.functions.map((entry) => entryDeployment(entry, options.file));
  if (options.dryRun) {
    for (const body of bodies) options.say(`  ~ function ${String(body.name)} (deployed on apply)\n`);
    return [];
  }
  const api = functionsApi(options.env as NodeJS.ProcessEnv);
  const deployed: string[] = [];
  for (const body of bodies) {
    await api.request('POST', '', body);
    options.say(`Deployed function ${String(body.name)}.\n`);
    deployed.push(String(body.name));
  }
  return deployed;
}
