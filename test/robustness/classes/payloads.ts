// Attack classes in the payload: random and truncated protobufs on every RPC of every gRPC
// service, and hostile JSON bodies on every REST endpoint that parses one.

import type protobuf from 'protobufjs';
import { expect } from 'vitest';
import { hostileBodies, protobufGarbage } from '../attacks.ts';
import { connectH2, sendGrpc } from '../grpc-raw.ts';
import { httpRequest } from '../http-request.ts';
import type { HttpTarget } from '../ports.ts';
import type { StackUnderTest } from '../stack-process.ts';

/** A plausible request: every plain string field set to a short name, so it decodes. */
function sample(type: protobuf.Type): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (field.type === 'string' && !field.repeated && !field.map)
      out[field.name] = `projects/devkit-local/x/${field.name}`;
  }
  return out;
}

export async function protobufGarbageOnEveryRpc(stack: StackUnderTest): Promise<number> {
  let sent = 0;
  for (const { spec, host, port } of stack.ports) {
    const rpcs = spec.rpcs();
    if (rpcs.length === 0) continue;
    const session = await connectH2(host, port);
    session.on('error', () => undefined);
    try {
      await Promise.all(
        rpcs.map(async (rpc, i) => {
          const valid = Buffer.from(
            rpc.requestType.encode(rpc.requestType.fromObject(sample(rpc.requestType))).finish(),
          );
          for (const garbage of protobufGarbage(i + 1, valid)) {
            const outcome = await sendGrpc(session, rpc.path, garbage.body, 2_000);
            sent++;
            // An answer, a reset or our own give-up are all fine; a dead server is not.
            expect(['answered', 'reset', 'timeout'], `${rpc.path} ${garbage.name}`).toContain(outcome.ended);
          }
        }),
      );
    } finally {
      session.destroy();
    }
  }
  return sent;
}

/** Every hostile body on every JSON endpoint (the 20 MiB one on one endpoint per port); 5xx answers. */
export async function hostileRestBodies(stack: StackUnderTest): Promise<string[]> {
  const serverErrors: string[] = [];
  const bodies = hostileBodies();
  const post = async (
    { spec, host, port }: StackUnderTest['ports'][number],
    target: HttpTarget,
    first: boolean,
  ) => {
    const chosen = first ? bodies : bodies.filter((b) => !b.name.startsWith('huge'));
    for (const { name, body } of chosen) {
      const answer = await httpRequest(host, port, {
        method: target.method,
        path: target.path,
        headers: { 'content-type': 'application/json' },
        body,
      }).catch((err: Error) => ({ status: 0, body: err.message })); // a huge body may be cut off
      if (answer.status >= 500)
        serverErrors.push(`${spec.name} ${target.method} ${target.path} ${name}: ${answer.status}`);
    }
  };
  // Ports in parallel, one request at a time per port: the peak (and so the RSS the allocator
  // keeps afterwards) stays that of one hostile body per emulator.
  await Promise.all(
    stack.ports.map(async (p) => {
      const targets = p.spec.jsonBodies();
      for (const [i, target] of targets.entries()) await post(p, target, i === 0);
    }),
  );
  return serverErrors;
}
