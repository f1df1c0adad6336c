// The fault injector an emulator consults at each interesting point ("may this Publish go
// through?", "duplicate this delivery?"). Decisions are seeded, counted and logged for timelines.
import { DevkitError, type ErrorCode, GRPC_STATUS } from '../common/index.ts';
import { deriveSeed, type Random, seededRandom } from './random.ts';
import { type FaultRule, type FaultRuleInput, parseFaultRule } from './rule.ts';

export interface FaultEvent {
  at: number;
  ruleId: string;
  service: FaultRule['service'];
  kind: FaultRule['kind'];
  method: string;
  target?: string;
}

interface RuleState {
  rule: FaultRule;
  random: Random;
  seen: number;
  hits: number;
}

export interface FaultQuery {
  service: FaultRule['service'];
  kind: FaultRule['kind'];
  method: string;
  target?: string;
}

export class FaultInjector {
  private readonly rules: RuleState[] = [];
  private readonly listeners = new Set<(event: FaultEvent) => void>();
  readonly events: FaultEvent[] = [];

  constructor(
    readonly seed = 1,
    rules: FaultRuleInput[] = [],
    private readonly now: () => number = Date.now,
  ) {
    for (const rule of rules) this.add(rule);
  }

  add(input: FaultRuleInput | FaultRule): FaultRule {
    const rule = parseFaultRule(input);
    this.remove(rule.id);
    this.rules.push({ rule, random: seededRandom(deriveSeed(this.seed, rule.id)), seen: 0, hits: 0 });
    return rule;
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((r) => r.rule.id === id);
    if (index >= 0) this.rules.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): Array<FaultRule & { seen: number; hits: number }> {
    return this.rules.map((r) => ({ ...r.rule, seen: r.seen, hits: r.hits }));
  }

  /** True when no rule is armed: callers can skip building queries on hot paths. */
  get idle(): boolean {
    return this.rules.length === 0;
  }

  onFault(listener: (event: FaultEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first rule that fires for this event, or undefined. Counts and logs the hit. */
  check(query: FaultQuery): FaultRule | undefined {
    for (const state of this.rules) {
      const { rule } = state;
      if (rule.service !== query.service || rule.kind !== query.kind) continue;
      if (rule.method && rule.method !== query.method) continue;
      if (rule.target && !targetMatches(rule.target, query.target)) continue;
      if (rule.count !== undefined && state.hits >= rule.count) continue;
      state.seen++;
      if (state.seen <= rule.after) continue;
      if (rule.rate < 1 && state.random() >= rule.rate) continue;
      state.hits++;
      const event: FaultEvent = { at: this.now(), ruleId: rule.id, ...query };
      this.events.push(event);
      if (this.events.length > 10_000) this.events.shift();
      for (const listener of this.listeners) listener(event);
      return rule;
    }
    return undefined;
  }
}

/** `target` matches the exact name, or a `bucket/prefix` against `bucket/object`. */
function targetMatches(pattern: string, target: string | undefined): boolean {
  if (target === undefined) return false;
  return target === pattern || (pattern.includes('/') && target.startsWith(pattern));
}

/** The error an `error` rule makes: a gRPC code name, or an HTTP status for JSON APIs. */
export function faultError(rule: FaultRule): DevkitError {
  const message = rule.message ?? `injected fault ${rule.id}`;
  if (typeof rule.status === 'number') {
    const code: ErrorCode =
      rule.status === 503 ? 'UNAVAILABLE' : rule.status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL';
    return new DevkitError(code, message, { httpStatus: rule.status });
  }
  const code = (rule.status in GRPC_STATUS ? rule.status : 'UNAVAILABLE') as ErrorCode;
  return new DevkitError(code, message);
}
