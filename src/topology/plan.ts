// The planner: pure, no I/O. Desired vs actual resources → one change per resource, in the order
// apply runs them (creates and updates by KIND_ORDER, then deletions in reverse).
import { type Change, IMMUTABLE_FIELDS, KIND_ORDER, type Resource } from './resources.ts';

export interface PlanOptions {
  /** Delete what exists but the file no longer names. Without it, such resources are left alone. */
  prune?: boolean;
}

export function planChanges(desired: Resource[], actual: Resource[], options: PlanOptions = {}): Change[] {
  const key = (r: Resource) => `${r.kind}\u0000${r.name}`;
  const existing = new Map(actual.map((r) => [key(r), r]));
  const wanted = new Set(desired.map(key));
  const forward: Change[] = [];
  for (const kind of KIND_ORDER) {
    for (const want of desired.filter((r) => r.kind === kind)) {
      const have = existing.get(key(want));
      if (!have) {
        forward.push({ action: 'create', kind, name: want.name, fields: [], desired: want });
        continue;
      }
      const fields = differingFields(want, have);
      const immutable = IMMUTABLE_FIELDS[kind];
      const replace = fields.some((f) => immutable === 'all' || immutable.includes(f));
      const action = fields.length === 0 ? 'unchanged' : replace ? 'replace' : 'update';
      forward.push({ action, kind, name: want.name, fields, desired: want, actual: have });
    }
  }
  const deletions: Change[] = [];
  if (options.prune) {
    for (const kind of [...KIND_ORDER].reverse()) {
      for (const have of actual.filter((r) => r.kind === kind && !wanted.has(key(r)))) {
        deletions.push({ action: 'delete', kind, name: have.name, fields: [], actual: have });
      }
    }
  }
  return [...forward, ...deletions];
}

/** Fields the desired spec manages (not undefined) whose value differs from the actual one. */
export function differingFields(desired: Resource, actual: Resource): string[] {
  return Object.keys(desired.spec).filter(
    (field) => desired.spec[field] !== undefined && !deepEqual(desired.spec[field], actual.spec[field]),
  );
}

/** Resources that exist but the file does not name (what --prune would delete). */
export function unmanaged(desired: Resource[], actual: Resource[]): Resource[] {
  const wanted = new Set(desired.map((r) => `${r.kind}\u0000${r.name}`));
  return actual.filter((r) => !wanted.has(`${r.kind}\u0000${r.name}`));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
