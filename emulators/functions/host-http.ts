// The Functions host over HTTP: the admin API the `devkit functions` commands use
// (`/v1/functions[/NAME[:call|/logs]]`), the push endpoint triggers deliver to (`/_push/NAME`), and
// HTTP-triggered functions at `/<project>/<region>/<name>[/path]`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBrowserGuard, DevkitError } from '../common/index.ts';
import type { PushEnvelope } from './events.ts';
import type { FunctionsRegistry } from './functions-host.ts';

const STATUS: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 400,
  UNIMPLEMENTED: 501,
};

export function hostHandler(
  registry: FunctionsRegistry,
  ctx: { project: string; region: string; host: string },
) {
  const functionPath = new RegExp(`^/${ctx.project}/${ctx.region}/([^/]+)(/.*)?$`);
  const refuseForeign = createBrowserGuard(ctx.host);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The admin API and trigger pushes refuse web pages; HTTP functions answer any caller, as a
    // public Cloud Function does (their own CORS handling decides).
    if (!functionPath.test(url.pathname) && refuseForeign(req, res)) return;
    try {
      const body = await readBody(req);
      const json = () => (body.length ? JSON.parse(body.toString('utf8')) : {});
      const path = url.pathname;
      const push = /^\/_push\/([^/]+)$/.exec(path);
      if (push && req.method === 'POST') {
        const ack = await registry.dispatch(decodeURIComponent(push[1]!), json() as PushEnvelope);
        res.writeHead(ack ? 204 : 500).end();
        return;
      }
      const admin = /^\/v1\/functions(?:\/([^/:]+)(:call|\/logs)?)?$/.exec(path);
      if (admin) {
        const [, name, verb] = admin;
        if (!name && req.method === 'GET') return send(res, 200, { functions: registry.list() });
        if (!name && req.method === 'POST') return send(res, 200, await registry.deploy(json()));
        if (name && !verb && req.method === 'GET') return send(res, 200, registry.describe(name));
        if (name && !verb && req.method === 'DELETE') {
          await registry.remove(name);
          return send(res, 200, {});
        }
        if (name && verb === ':call' && req.method === 'POST')
          return send(res, 200, await registry.call(name, json().data));
        if (name && verb === '/logs' && req.method === 'GET') {
          const limit = Number(url.searchParams.get('limit') ?? 20);
          return send(res, 200, { entries: registry.logs(name).slice(-limit) });
        }
      }
      // The Cloud Functions API itself (v1 CloudFunctionsService, v2 FunctionService) is not served.
      if (/^\/v[12](?:alpha|beta)?\/(?:projects|operations)(?:\/|$)/.test(path))
        throw new DevkitError(
          'UNIMPLEMENTED',
          `the Cloud Functions API (functions.googleapis.com ${req.method} ${path}) is not served here: use the admin API /v1/functions or devkit functions`,
        );
      const http = functionPath.exec(path);
      if (http) {
        const fn = await registry.proxy(decodeURIComponent(http[1]!));
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(
            ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'connection',
          ),
        ) as Record<string, string>;
        const upstream = await fetch(`http://127.0.0.1:${fn.port}${http[2] ?? '/'}${url.search}`, {
          method: req.method,
          headers,
          body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : body,
          signal: AbortSignal.timeout(fn.spec.timeoutSeconds * 1000),
        });
        const out = Buffer.from(await upstream.arrayBuffer());
        const contentType = upstream.headers.get('content-type');
        res.writeHead(upstream.status, contentType ? { 'content-type': contentType } : {}).end(out);
        return;
      }
      throw new DevkitError('NOT_FOUND', `no route for ${req.method} ${path}`);
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') {
        // An HTTP function past its timeout: the caller gets 408, as from a 1st gen function.
        if (!res.headersSent)
          res.writeHead(408, { 'content-type': 'text/plain' }).end('Function execution timed out');
        return;
      }
      const code =
        err instanceof DevkitError ? err.code : err instanceof SyntaxError ? 'INVALID_ARGUMENT' : 'INTERNAL';
      send(res, STATUS[code] ?? 500, {
        error: { code: STATUS[code] ?? 500, status: code, message: (err as Error).message },
      });
    }
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
