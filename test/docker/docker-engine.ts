// Is a Docker engine answering? GET /_ping on DOCKER_HOST (unix:// or tcp://) or the default
// socket, with a short timeout: the docker suite runs only when this says yes.
import { existsSync } from 'node:fs';
import { request } from 'node:http';

export interface EngineCheck {
  ok: boolean;
  /** Where we looked, and what answered (or why nothing did), for the skip message. */
  reason: string;
}

export async function checkDockerEngine(timeoutMs = 1500): Promise<EngineCheck> {
  const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  const target = host.startsWith('unix://')
    ? { socketPath: host.slice('unix://'.length) }
    : (() => {
        const url = new URL(host.replace(/^tcp:/, 'http:'));
        return { host: url.hostname, port: Number(url.port || 2375) };
      })();
  if ('socketPath' in target && !existsSync(target.socketPath)) {
    return { ok: false, reason: `no Docker socket at ${target.socketPath} (DOCKER_HOST=${host})` };
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () =>
        resolve(
          res.statusCode === 200 && body.trim() === 'OK'
            ? { ok: true, reason: `Docker engine at ${host}` }
            : { ok: false, reason: `${host} answered ${res.statusCode} ${body.trim().slice(0, 80)}` },
        ),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) =>
      resolve({ ok: false, reason: `no Docker engine answers at ${host}: ${err.message}` }),
    );
    req.end();
  });
}
