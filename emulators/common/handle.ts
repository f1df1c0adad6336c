// What every start function returns: an address to hand to clients and a way to stop.

export interface StartedServer {
  /** host:port for gRPC-style services; Storage additionally exposes `url`. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** Stops serving and releases every socket, timer and file handle. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Wraps a stop function so it runs once and backs `await using`. */
export function makeHandle<T extends object>(
  host: string,
  port: number,
  stop: () => Promise<void>,
  extra: T = {} as T,
): StartedServer & T {
  let stopping: Promise<void> | undefined;
  const once = () => {
    stopping ??= stop();
    return stopping;
  };
  return {
    ...extra,
    address: `${formatHost(host)}:${port}`,
    host,
    port,
    stop: once,
    [Symbol.asyncDispose]: once,
  };
}

/** IPv6 literals need brackets in host:port. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
