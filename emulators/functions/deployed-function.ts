// One deployed function: its framework child (Node or Python), the log lines it wrote, and a way
// to hand it one event with the function's timeout. Triggers live in ./triggers.ts.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DevkitError, freePort, type Logger } from '../common/index.ts';
import type { FrameworkRequest } from './events.ts';
import { type FrameworkProcess, startFramework, startPythonFramework } from './framework-process.ts';
import type { FunctionSpec } from './function-spec.ts';
import { ensureVenv, pythonVersion } from './python-venv.ts';

export interface LogEntry {
  time: string;
  /** `I` for stdout, `E` for stderr (gcloud's LEVEL column). */
  level: 'I' | 'E';
  name: string;
  executionId: string;
  log: string;
}

export interface DeployedFunction {
  readonly spec: FunctionSpec;
  readonly port: number;
  readonly updateTime: string;
  /** Oldest first, at most the last 1000 lines. */
  logs(): LogEntry[];
  /** POSTs an event to the framework; resolves with its status and body (timeout = 408). */
  invoke(request: FrameworkRequest): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export async function startDeployedFunction(options: {
  spec: FunctionSpec;
  env: Record<string, string>;
  cacheDir: string;
  logger: Logger;
}): Promise<DeployedFunction> {
  const { spec } = options;
  const source = resolve(spec.source);
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new DevkitError('INVALID_ARGUMENT', `source ${source} does not exist`);
  const logs: LogEntry[] = [];
  const logger = options.logger.child({ function: spec.name });
  const onLine = (line: string, stream: 'stdout' | 'stderr') => {
    logs.push({
      time: new Date().toISOString(),
      level: stream === 'stderr' ? 'E' : 'I',
      name: spec.name,
      executionId: '',
      log: line,
    });
    if (logs.length > 1000) logs.shift();
    // The console of `devkit start` shows what the function prints.
    process.stderr.write(`[function ${spec.name}] ${line}\n`);
  };
  const env = {
    ...options.env,
    ...spec.env,
    FUNCTION_TARGET: spec.entryPoint,
    FUNCTION_SIGNATURE_TYPE: spec.signatureType,
    K_SERVICE: spec.name,
    FUNCTION_NAME: spec.name,
    FUNCTION_TIMEOUT_SEC: String(spec.timeoutSeconds),
  };
  const port = await freePort();
  const common = { source, target: spec.entryPoint, signatureType: spec.signatureType, port, env, onLine };
  let framework: FrameworkProcess;
  if (pythonVersion(spec.runtime)) {
    const sourceDir = info.isDirectory() ? source : dirname(source);
    const venv = await ensureVenv({ runtime: spec.runtime, sourceDir, cacheDir: options.cacheDir, logger });
    framework = await startPythonFramework({ ...common, venv }).catch(loadFailed);
  } else {
    framework = await startFramework(common).catch(loadFailed);
  }
  const updateTime = new Date().toISOString();
  return {
    spec,
    port,
    updateTime,
    logs: () => [...logs],
    async invoke(request) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(spec.timeoutSeconds * 1000),
        });
        return { status: response.status, body: await response.text() };
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        onLine(
          timedOut ? `Function execution took longer than ${spec.timeoutSeconds}s (timeout)` : String(err),
          'stderr',
        );
        return { status: timedOut ? 408 : 503, body: timedOut ? 'timeout' : String(err) };
      }
    },
    stop: () => framework.stop(),
  };
}

/** A child that does not come up fails the deploy as Cloud Functions does (error code 3), not a 500. */
function loadFailed(err: unknown): never {
  throw new DevkitError(
    'INVALID_ARGUMENT',
    `Function failed on loading user code: ${(err as Error).message}`,
  );
}
