// A testcontainers-style handle over the docker CLI (no extra dependency): start an image with
// ports published on loopback, wait until it is ready, and `await using` removes it afterwards.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface ContainerOptions {
  image: string;
  /** Container ports to publish on 127.0.0.1 (random host ports unless `hostPorts` names one). */
  ports: number[];
  hostPorts?: Record<number, number>;
  command?: string[];
  /** Resolves when the container serves; called with the mapped ports until it does. */
  ready(mapped: Record<number, number>): Promise<boolean>;
  readyTimeoutMs?: number;
}

export interface StartedContainer {
  id: string;
  /** Container port → host port on 127.0.0.1. */
  ports: Record<number, number>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startContainer(options: ContainerOptions): Promise<StartedContainer> {
  const publish = options.ports.flatMap((port) => [
    '-p',
    `127.0.0.1:${options.hostPorts?.[port] ?? ''}:${port}`,
  ]);
  const { stdout } = await exec('docker', [
    'run',
    '-d',
    '--rm',
    ...publish,
    options.image,
    ...(options.command ?? []),
  ]);
  const id = stdout.trim();
  const stop = async () => {
    await exec('docker', ['rm', '-f', id]).catch(() => undefined);
  };
  try {
    const ports: Record<number, number> = {};
    for (const port of options.ports) {
      const mapped = (await exec('docker', ['port', id, `${port}/tcp`])).stdout;
      ports[port] = Number(/:(\d+)\s*$/m.exec(mapped)?.[1]);
    }
    await waitUntilReady(() => options.ready(ports), options.readyTimeoutMs ?? 120_000, options.image);
    return { id, ports, stop, [Symbol.asyncDispose]: stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitUntilReady(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  image: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${image} did not become ready within ${timeoutMs} ms`);
}

/** True once an HTTP GET on the URL answers at all (any status). */
export async function answers(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.status > 0;
}
