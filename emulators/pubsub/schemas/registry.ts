// The schemas of one emulator state: revisions (8 hex digits, newest last), commit, rollback,
// revision and schema deletion. Pure data and rules; kept beside the state, not inside it.
import { randomBytes } from 'node:crypto';
import {
  alreadyExists,
  DevkitError,
  failedPrecondition,
  invalidArgument,
  notFound,
} from '../../common/index.ts';
import type { PubSubState } from '../state/index.ts';
import { type CompiledSchema, compileSchema, type SchemaType } from './definition.ts';

export interface SchemaRevision {
  name: string;
  type: SchemaType;
  definition: string;
  revisionId: string;
  revisionCreateTime: number;
  compiled: CompiledSchema;
}

/** Google's rule: 3–255 characters, a letter first, then letters, digits and `-_.~+%`. */
const SCHEMA_ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;
/** Google's schema limits: a definition of at most 50 KB, at most 20 revisions per schema. */
const MAX_DEFINITION_BYTES = 50 * 1024;
const MAX_REVISIONS = 20;
const NAME = /^projects\/([^/]+)\/schemas\/([^/@]+)(?:@([^/@]+))?$/;

/** A revision as the change log and the snapshot file hold it (compiled again on load). */
export type PlainRevision = Pick<SchemaRevision, 'type' | 'definition' | 'revisionId' | 'revisionCreateTime'>;

export class SchemaRegistry {
  private readonly schemas = new Map<string, SchemaRevision[]>();
  /** Told after every change of a schema (undefined: deleted), for persistence. */
  onChange: ((name: string, revisions: SchemaRevision[] | undefined) => void) | undefined;
  constructor(private readonly now: () => number) {}

  /** Every schema with its revisions, oldest first, in the form the disk keeps. */
  entries(): [string, PlainRevision[]][] {
    return [...this.schemas].map(([name, revs]) => [name, revs.map(plainRevision)]);
  }

  /** Puts a persisted schema back (or removes it, with no revisions); not reported to onChange. */
  load(name: string, revisions: PlainRevision[] | undefined): void {
    const existing = this.schemas.get(name);
    if (!revisions?.length) {
      this.schemas.delete(name);
      return;
    }
    const revs = revisions.map((r) => ({ ...r, name, compiled: compileSchema(r.type, r.definition) }));
    // Same array when it exists: IAM policies are bound to it (see iam/policies.ts).
    if (existing) existing.splice(0, existing.length, ...revs);
    else this.schemas.set(name, revs);
  }

  create(parent: string, schemaId: string, type: string, definition: string): SchemaRevision {
    if (!SCHEMA_ID.test(schemaId) || schemaId.startsWith('goog')) {
      throw invalidArgument(
        `Invalid schema ID: ${schemaId}. An ID must start with a letter, contain only letters, numbers, dashes, underscores, periods, tildes, plus or percent signs, be 3 to 255 characters long and not start with "goog".`,
      );
    }
    const name = `${parent}/schemas/${schemaId}`;
    if (this.schemas.has(name)) throw alreadyExists('Schema already exists');
    const rev = this.revision(name, type, definition);
    this.schemas.set(name, [rev]);
    this.onChange?.(name, [rev]);
    return rev;
  }

  /** The named revision (`name@rev`), or the newest one. */
  get(nameWithRevision: string): SchemaRevision {
    const { name, revisionId } = parseSchemaName(nameWithRevision);
    const revs = this.revisions(name);
    if (!revisionId) return revs[revs.length - 1]!;
    const rev = revs.find((r) => r.revisionId === revisionId);
    if (!rev) throw notFound(`Schema revision not found: ${nameWithRevision}`);
    return rev;
  }

  has(name: string): boolean {
    return this.schemas.has(name);
  }

  /** Every revision, oldest first. */
  revisions(name: string): SchemaRevision[] {
    parseSchemaName(name);
    const revs = this.schemas.get(name);
    if (!revs) throw notFound('Schema not found');
    return revs;
  }

  list(parent: string): SchemaRevision[] {
    const prefix = `${parent}/schemas/`;
    return [...this.schemas.entries()]
      .filter(([name]) => name.startsWith(prefix))
      .map(([, revs]) => revs[revs.length - 1]!);
  }

  commit(name: string, type: string, definition: string): SchemaRevision {
    const revs = this.revisions(name);
    if (type !== revs[0]!.type) throw invalidArgument('The type of a schema cannot be changed.');
    if (revs.length >= MAX_REVISIONS) {
      throw new DevkitError('RESOURCE_EXHAUSTED', `A schema can have at most ${MAX_REVISIONS} revisions.`);
    }
    const rev = this.revision(name, type, definition);
    revs.push(rev);
    this.onChange?.(name, revs);
    return rev;
  }

  rollback(name: string, revisionId: string): SchemaRevision {
    if (!revisionId) throw invalidArgument('revision_id is required.');
    const from = this.get(`${name}@${revisionId}`);
    return this.commit(name, from.type, from.definition);
  }

  deleteRevision(nameWithRevision: string): SchemaRevision {
    const { name, revisionId } = parseSchemaName(nameWithRevision);
    if (!revisionId) throw invalidArgument('The name must include a revision ID (name@revision).');
    const revs = this.revisions(name);
    const rev = this.get(nameWithRevision);
    if (revs.length === 1) throw failedPrecondition('The only revision of a schema cannot be deleted.');
    revs.splice(revs.indexOf(rev), 1);
    this.onChange?.(name, revs);
    return rev;
  }

  delete(name: string): void {
    this.revisions(name);
    this.schemas.delete(name);
    this.onChange?.(name, undefined);
  }

  private revision(name: string, type: string, definition: string): SchemaRevision {
    if (Buffer.byteLength(definition) > MAX_DEFINITION_BYTES) {
      throw invalidArgument(`A schema definition can be at most ${MAX_DEFINITION_BYTES} bytes.`);
    }
    const compiled = compileSchema(type, definition);
    const revisionId = randomBytes(4).toString('hex');
    return {
      name,
      type: type as SchemaType,
      definition,
      revisionId,
      revisionCreateTime: this.now(),
      compiled,
    };
  }
}

function plainRevision(r: SchemaRevision): PlainRevision {
  return {
    type: r.type,
    definition: r.definition,
    revisionId: r.revisionId,
    revisionCreateTime: r.revisionCreateTime,
  };
}

export function parseSchemaName(value: string): { name: string; revisionId?: string } {
  const m = NAME.exec(value);
  if (!m) throw invalidArgument(`Invalid schema name: ${value}`);
  return { name: `projects/${m[1]}/schemas/${m[2]}`, revisionId: m[3] };
}

const registries = new WeakMap<PubSubState, SchemaRegistry>();

/** The registry that belongs to `state` (created on first use, on the state's clock). */
export function schemasOf(state: PubSubState): SchemaRegistry {
  let registry = registries.get(state);
  if (!registry) {
    registry = new SchemaRegistry(() => state.now());
    registry.onChange = (name, revs) => {
      state.journal?.record({
        kind: 'doc',
        section: 'schemas',
        key: name,
        value: revs?.map(plainRevision) ?? null,
      });
      state.changed('meta');
    };
    registries.set(state, registry);
  }
  return registry;
}
