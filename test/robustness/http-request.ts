// A plain node:http request with full control over Host and Origin (fetch will not send a
// foreign Host), answering status, headers and body text.
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpRequest(
  host: string,
  port: number,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Give up after this long (default 20 s). */
    timeoutMs?: number;
  },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port, method: options.method, path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const timeoutMs = options.timeoutMs ?? 20_000;
    req.setTimeout(timeoutMs, () =>
      req.destroy(
        new Error(`${options.method} ${options.path.slice(0, 80)}: no answer in ${timeoutMs / 1000} s`),
      ),
    );
    req.end(options.body);
  });
}
