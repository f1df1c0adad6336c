// IAM policies per resource name, with etags for read-modify-write: a SetIamPolicy whose etag
// is not the current one is ABORTED, as Google's IAM answers concurrent changes.
import { randomBytes } from 'node:crypto';
import { DevkitError, invalidArgument } from '../../common/index.ts';
import type { PubSubState } from '../state/index.ts';

export interface Binding {
  role: string;
  members: string[];
  condition?: Record<string, unknown>;
}

export interface StoredPolicy {
  version: number;
  bindings: Binding[];
  etag: Buffer;
}

/** The etag Google gives a resource that never had a policy set (base64 "ACAB"). */
export const EMPTY_POLICY_ETAG = Buffer.from('ACAB', 'base64');
const MEMBER =
  /^(user|serviceAccount|group|domain|principal|principalSet|deleted:[a-zA-Z]+):.+$|^(allUsers|allAuthenticatedUsers)$/;
const ROLE = /^(roles\/[A-Za-z0-9_.]+|(projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]+)$/;

/**
 * `owner` is the live record behind the name: a resource deleted and created again is a new
 * record, so it starts without the old policy, as on Google.
 */
export class PolicyStore {
  private readonly policies = new Map<string, { owner: object; policy: StoredPolicy }>();
  /** Told after every SetIamPolicy, for persistence. */
  onSet: ((resource: string, policy: StoredPolicy) => void) | undefined;

  /** Every stored policy with the record it belongs to. */
  entries(): [string, { owner: object; policy: StoredPolicy }][] {
    return [...this.policies];
  }

  /** Puts a persisted policy back for `owner` (the restored resource); not reported to onSet. */
  load(resource: string, owner: object, policy: StoredPolicy): void {
    this.policies.set(resource, { owner, policy });
  }

  get(resource: string, owner: object): StoredPolicy {
    const held = this.policies.get(resource);
    if (held?.owner === owner) return held.policy;
    return { version: 1, bindings: [], etag: EMPTY_POLICY_ETAG };
  }

  /** Replaces the policy; `etag` (when given) must match the current one. */
  set(resource: string, owner: object, input: { version: number; bindings: Binding[]; etag: Buffer }) {
    const current = this.get(resource, owner);
    if (input.etag.length > 0 && !input.etag.equals(current.etag)) {
      throw new DevkitError(
        'ABORTED',
        'There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.',
      );
    }
    for (const b of input.bindings) {
      if (!ROLE.test(b.role))
        throw invalidArgument(`Role (${b.role}) does not exist in the resource's hierarchy.`);
      for (const m of b.members) if (!MEMBER.test(m)) throw invalidArgument(`Invalid member: ${m}`);
    }
    const bindings = input.bindings.filter((b) => b.members.length > 0);
    const hasCondition = bindings.some((b) => b.condition);
    const policy: StoredPolicy = {
      version: hasCondition ? 3 : input.version || 1,
      bindings,
      etag: randomBytes(8),
    };
    this.policies.set(resource, { owner, policy });
    this.onSet?.(resource, policy);
    return policy;
  }
}

const stores = new WeakMap<PubSubState, PolicyStore>();

/** The policy store that belongs to `state`. */
export function policiesOf(state: PubSubState): PolicyStore {
  let store = stores.get(state);
  if (!store) {
    store = new PolicyStore();
    store.onSet = (resource, p) => {
      const value = { version: p.version, bindings: p.bindings, etag: p.etag.toString('base64') };
      state.journal?.record({ kind: 'doc', section: 'iam', key: resource, value });
      state.changed('meta');
    };
    stores.set(state, store);
  }
  return store;
}
