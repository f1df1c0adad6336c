// google.iam.v1.IAMPolicy for topics, subscriptions, snapshots and schemas, protocol-neutral:
// the resource must exist; TestIamPermissions grants every real permission of its type.
import { invalidArgument, notFound } from '../../common/index.ts';
import { durableOps } from '../api/durable.ts';
import type { Op } from '../api/publisher-ops.ts';
import { schemasOf } from '../schemas/registry.ts';
import type { PubSubState } from '../state/index.ts';
import { asObj, parseBytes, parseString, parseStringList, type WireFormat } from '../wire/values.ts';
import { type IamCollection, PUBSUB_PERMISSIONS } from './permissions.ts';
import { type Binding, policiesOf, type StoredPolicy } from './policies.ts';

const RESOURCE = /^projects\/[^/]+\/(topics|subscriptions|snapshots|schemas)\/[^/@]+$/;

/** The live record a policy of `name` belongs to (undefined: no such resource now). */
export function iamOwner(state: PubSubState, name: string): object | undefined {
  const collection = RESOURCE.exec(name)?.[1];
  return collection === 'topics'
    ? state.topics.get(name)
    : collection === 'subscriptions'
      ? state.subs.get(name)
      : collection === 'snapshots'
        ? state.snapshots.get(name)
        : collection === 'schemas' && schemasOf(state).has(name)
          ? schemasOf(state).revisions(name)
          : undefined;
}

function resourceOf(
  state: PubSubState,
  v: unknown,
): { name: string; collection: IamCollection; owner: object } {
  const name = parseString(v, 'resource');
  const m = RESOURCE.exec(name);
  if (!m) throw invalidArgument(`Invalid resource name: ${name}`);
  const collection = m[1] as IamCollection;
  const owner = iamOwner(state, name);
  if (!owner) throw notFound(`Resource not found (resource=${name.split('/').pop()}).`);
  return { name, collection, owner };
}

function policyOut(p: StoredPolicy, f: WireFormat) {
  return { version: p.version, bindings: p.bindings, etag: f.bytes(p.etag) };
}

function bindingsIn(v: unknown): Binding[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidArgument('policy.bindings must be a list.');
  return v.map((raw) => {
    const b = asObj(raw);
    const condition = b.condition ? asObj(b.condition) : undefined;
    return {
      role: parseString(b.role, 'binding.role'),
      members: parseStringList(b.members, 'binding.members'),
      ...(condition ? { condition } : {}),
    };
  });
}

const ops: Record<string, Op> = {
  GetIamPolicy: (s, req, f) => {
    const { name, owner } = resourceOf(s, req.resource);
    return policyOut(policiesOf(s).get(name, owner), f);
  },
  SetIamPolicy: (s, req, f) => {
    const { name, owner } = resourceOf(s, req.resource);
    const p = asObj(req.policy);
    const input = {
      version: Number(p.version ?? 0),
      bindings: bindingsIn(p.bindings),
      etag: parseBytes(p.etag, 'etag'),
    };
    return policyOut(policiesOf(s).set(name, owner, input), f);
  },
  TestIamPermissions: (s, req) => {
    const { collection } = resourceOf(s, req.resource);
    const asked = parseStringList(req.permissions, 'permissions');
    for (const p of asked) {
      if (p.includes('*')) throw invalidArgument(`Permissions with wildcards (${p}) are not allowed.`);
    }
    return { permissions: asked.filter((p) => PUBSUB_PERMISSIONS[collection].has(p)) };
  },
};

/** SetIamPolicy is answered once the policy is durable (with --data-dir). */
export const iamOps = durableOps(ops, ['SetIamPolicy']);
