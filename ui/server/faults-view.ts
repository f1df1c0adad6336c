// Fault rules of every emulator that has them (`/_devkit/faults`): armed rules with their hits,
// arm and disarm. The rule's validation is the emulator's.
import { invalidArgument } from '../../emulators/common/index.ts';
import { type Backends, callJson } from './backends.ts';

const SERVICES = ['pubsub', 'storage', 'tasks'] as const;
type FaultService = (typeof SERVICES)[number];

const baseOf = (b: Backends, service: string): string | undefined => {
  if (!SERVICES.includes(service as FaultService)) throw invalidArgument(`no fault rules for ${service}`);
  return b[service as FaultService];
};

export async function faultsOverview(b: Backends) {
  const out: Record<string, unknown> = {};
  for (const service of SERVICES) {
    if (!b[service]) continue;
    out[service] = await callJson(b[service], '/_devkit/faults').catch((err: Error) => ({
      error: err.message,
    }));
  }
  return out;
}

export function armFault(b: Backends, input: { service?: string; rule?: unknown }) {
  if (typeof input.rule !== 'object' || input.rule === null) throw invalidArgument('rule is required');
  const service = String(input.service);
  return callJson(baseOf(b, service), '/_devkit/faults', {
    method: 'POST',
    json: { service, ...input.rule },
  });
}

export function disarmFault(b: Backends, input: { service?: string; id?: string }) {
  if (typeof input.id !== 'string' || input.id === '') throw invalidArgument('id is required');
  return callJson(baseOf(b, String(input.service)), `/_devkit/faults/${encodeURIComponent(input.id)}`, {
    method: 'DELETE',
  });
}
