// What a fault rule says: which service, which kind of fault, where, how often. Validated with zod
// so rules from scenarios, YAML and the admin endpoint share one shape and one error message.
import { z } from 'zod';
import { invalidArgument } from '../common/index.ts';

export const FAULT_KINDS = [
  'duplicate', // Pub/Sub: deliver a message again (to another stream when there is one)
  'delay', // Pub/Sub delivery or Storage response held back for delayMs
  'drop-ack', // Pub/Sub: acknowledge accepted on the wire but ignored, so the message comes back
  'disconnect', // Pub/Sub: StreamingPull stream ended with UNAVAILABLE
  'push-fail', // Pub/Sub: a push delivery counts as failed whatever the endpoint says
  'error', // any service: the call fails with `status`
] as const;

export const faultRuleSchema = z.strictObject({
  id: z.string().min(1).max(100).optional(),
  service: z.enum(['pubsub', 'storage', 'scheduler', 'tasks']),
  kind: z.enum(FAULT_KINDS),
  /** RPC or API method, e.g. `Publish`, `Acknowledge`, `objects.insert`; absent = any. */
  method: z.string().min(1).optional(),
  /** Subscription, topic or bucket short name, or `bucket/prefix`; absent = any. */
  target: z.string().min(1).optional(),
  /** Probability that an eligible event is hit. */
  rate: z.number().gt(0).lte(1).default(1),
  /** At most this many hits, then the rule is spent. */
  count: z.number().int().positive().optional(),
  /** Let this many eligible events pass before the first hit. */
  after: z.number().int().nonnegative().default(0),
  /** Extra deliveries for `duplicate`. */
  copies: z.number().int().min(1).max(10).default(1),
  delayMs: z.number().int().nonnegative().max(600_000).default(0),
  /** gRPC code name (`UNAVAILABLE`) or HTTP status (503) for `error`. */
  status: z.union([z.string(), z.number().int().min(400).max(599)]).default('UNAVAILABLE'),
  message: z.string().optional(),
});

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string };

let nextId = 1;

/** Validates one rule; throws DevkitError INVALID_ARGUMENT naming the bad field. */
export function parseFaultRule(input: unknown): FaultRule {
  const parsed = faultRuleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidArgument(`invalid fault rule: ${issue.path.join('.') || 'rule'}: ${issue.message}`);
  }
  return { ...parsed.data, id: parsed.data.id ?? `fault-${nextId++}` };
}
