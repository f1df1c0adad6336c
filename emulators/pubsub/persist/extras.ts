// Schemas and IAM policies on disk: their section of the snapshot file, and the `doc` records of
// the change log (a schema's whole revision list, or a resource's whole policy, per change).
import { iamOwner } from '../iam/iam-ops.ts';
import { policiesOf, type StoredPolicy } from '../iam/policies.ts';
import { type PlainRevision, schemasOf } from '../schemas/registry.ts';
import { forgetDeletedSchema } from '../schemas/topic-schema.ts';
import type { PubSubState } from '../state/index.ts';

export interface PlainPolicy {
  version: number;
  bindings: StoredPolicy['bindings'];
  etag: string;
}

export interface PersistedExtras {
  schemas?: Record<string, PlainRevision[]>;
  /** Only policies whose resource still exists (a re-created resource starts without one). */
  iam?: Record<string, PlainPolicy>;
}

export function serializeExtras(state: PubSubState): PersistedExtras {
  const iam: Record<string, PlainPolicy> = {};
  for (const [resource, { owner, policy }] of policiesOf(state).entries()) {
    if (iamOwner(state, resource) !== owner) continue;
    iam[resource] = {
      version: policy.version,
      bindings: policy.bindings,
      etag: policy.etag.toString('base64'),
    };
  }
  return { schemas: Object.fromEntries(schemasOf(state).entries()), iam };
}

/** After topics, subscriptions and snapshots are back: schemas first (policies may name them). */
export function restoreExtras(state: PubSubState, saved: PersistedExtras): void {
  for (const [name, revs] of Object.entries(saved.schemas ?? {})) schemasOf(state).load(name, revs);
  for (const [resource, p] of Object.entries(saved.iam ?? {})) applyPolicy(state, resource, p);
}

/** Replays one `doc` record. */
export function applyDoc(state: PubSubState, section: unknown, key: string, value: unknown): void {
  if (section === 'schemas') {
    schemasOf(state).load(key, (value as PlainRevision[] | null) ?? undefined);
    if (!value) forgetDeletedSchema(state, key); // as DeleteSchema did to the topics using it
  } else if (section === 'iam' && value) applyPolicy(state, key, value as PlainPolicy);
}

function applyPolicy(state: PubSubState, resource: string, p: PlainPolicy): void {
  const owner = iamOwner(state, resource);
  if (!owner) return;
  policiesOf(state).load(resource, owner, {
    version: p.version,
    bindings: p.bindings,
    etag: Buffer.from(p.etag, 'base64'),
  });
}
