// Wires the Pub/Sub emulator: one state, the gRPC and REST adapters behind one sniffing port,
// push delivery, persistence and housekeeping; returns a handle that stops all of it.
import net from 'node:net';
import {
  type Clock,
  createLogger,
  type Logger,
  makeHandle,
  type StartedServer,
  sniffConnection,
  systemClock,
} from '../common/index.ts';
import { FaultInjector } from '../faults/index.ts';
import { type IdentityIssuer, issuerOrOwn } from '../identity/index.ts';
import { PubSubFaults } from './faults/pubsub-faults.ts';
import { createGrpcAdapter } from './grpc/server.ts';
import { openStore } from './persist/store.ts';
import { startPushDelivery } from './push/push-delivery.ts';
import { createRestServer } from './rest/server.ts';
import { forwardToDeadLetter, PubSubState, startHousekeeping } from './state/index.ts';

export interface PubSubEmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  host?: string;
  /** Default project for tools; clients may use any project. */
  project?: string;
  /** Where topics, subscriptions, snapshots and unacked messages persist; memory only when unset. */
  dataDir?: string;
  clock?: Clock;
  logger?: Logger;
  /** Fault rules to consult; a fresh injector (armed through `/_devkit/faults`) when unset. */
  faults?: FaultInjector;
  /** Seed of that fresh injector (default 1), so fault decisions repeat run after run. */
  faultSeed?: number;
  /** Mints push OIDC tokens and is served on this port's /oauth2/* paths; its own when unset. */
  identity?: IdentityIssuer;
}

export interface StartedPubSubEmulator extends StartedServer {
  readonly project: string;
  /** The shared state, for diagnostics (pending deadlines, queue sizes) in tests and benches. */
  readonly state: PubSubState;
  /** The fault injector this emulator consults, for arming rules and reading hits in-process. */
  readonly faults: FaultInjector;
}

export async function startPubSubEmulator(
  options: PubSubEmulatorOptions = {},
): Promise<StartedPubSubEmulator> {
  const host = options.host ?? '127.0.0.1';
  const project = options.project ?? 'devkit-local';
  const clock = options.clock ?? systemClock();
  const logger = (options.logger ?? createLogger()).child({ emulator: 'pubsub' });
  const state = new PubSubState({ clock, logger });
  state.listeners.onDeadLetter = (queue, entry) => forwardToDeadLetter(state, queue, entry);
  const injector = options.faults ?? new FaultInjector(options.faultSeed ?? 1, [], clock.now);
  const faults = new PubSubFaults(injector, state);
  const store = options.dataDir ? await openStore(options.dataDir, state, logger) : undefined;
  const identity = issuerOrOwn(options.identity, options.dataDir);
  const push = startPushDelivery(state, logger, faults, identity);
  const stopHousekeeping = startHousekeeping(state);
  const grpc = createGrpcAdapter(state, logger, faults);
  const rest = createRestServer(state, logger, faults, { bindHost: host }, identity);
  const sockets = new Set<net.Socket>();
  // No Nagle: a StreamingPull batch or a Publish answer is a small write that must leave at once,
  // not wait for the ACK of the previous one (which the peer may delay by up to 40 ms).
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    sniffConnection(socket, {
      http2: (s) => grpc.inject(s),
      http1: (s) => {
        rest.emit('connection', s);
        // The sniffer paused the socket to unshift what it read; the HTTP parser needs it flowing.
        s.resume();
      },
    });
  });
  const release = async (flush: boolean) => {
    stopHousekeeping();
    push.stop();
    await grpc.stop();
    rest.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    // A start that failed must not write: another emulator may own this data dir.
    if (flush) await store?.close();
    state.stop();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await release(false);
    throw err;
  }
  server.on('error', (err) => logger.error('listener error', { error: String(err) }));
  const address = server.address() as net.AddressInfo;
  logger.info('pubsub emulator listening', { host, port: address.port });
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await release(true);
    await closed;
  };
  return makeHandle(host, address.port, stop, { project, state, faults: injector });
}
