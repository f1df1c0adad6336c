// The `devkit functions` commands talk to the running stack's Functions host over its admin API,
// found at $DEVKIT_FUNCTIONS_URL (one of the export lines `devkit start` prints).
export const FUNCTIONS_ENV = 'DEVKIT_FUNCTIONS_URL';

export interface FunctionsApi {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export function functionsApi(env: NodeJS.ProcessEnv = process.env): FunctionsApi {
  const base = env[FUNCTIONS_ENV];
  if (!base)
    throw new Error(
      `${FUNCTIONS_ENV} is not set: functions run in the stack, so start it with \`npx devkit start\` and export the variables its ready line prints (eval the export lines)`,
    );
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${base}/v1/functions${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).catch((err: Error) => {
        throw new Error(
          `the Functions host at ${base} does not answer (${err.message}): is \`devkit start\` still running?`,
        );
      });
      const parsed = (await response.json()) as T & { error?: { message?: string; status?: string } };
      if (!response.ok)
        throw new Error(`${parsed.error?.status ?? response.status}: ${parsed.error?.message ?? 'failed'}`);
      return parsed;
    },
  };
}
