// google.pubsub.v1.SchemaService, protocol-neutral: request object in, response object out
// (the gRPC and REST adapters share these, as they share the Publisher ops).
import { invalidArgument } from '../../common/index.ts';
import { durableOps } from '../api/durable.ts';
import type { Op } from '../api/publisher-ops.ts';
import { parseProject } from '../state/index.ts';
import { asObj, parseBytes, parseInt32, parseString, type WireFormat } from '../wire/values.ts';
import { compileSchema, type Encoding, enumName } from './definition.ts';
import { type SchemaRevision, schemasOf } from './registry.ts';
import { forgetDeletedSchema, SCHEMA_VALIDATION_FAILED } from './topic-schema.ts';

const str = (v: unknown, field: string) => parseString(v, field) ?? '';
const project = (v: unknown) => `projects/${parseProject(v)}`;

/** BASIC leaves out the definition; Get defaults to FULL, the list calls to BASIC. */
export function schemaOut(r: SchemaRevision, f: WireFormat, view: unknown = 'FULL', basicByDefault = false) {
  const v = String(view);
  const basic = v === 'BASIC' || v === '1' || (basicByDefault && v !== 'FULL' && v !== '2');
  return {
    name: r.name,
    type: r.type,
    ...(basic ? {} : { definition: r.definition }),
    revisionId: r.revisionId,
    revisionCreateTime: f.timestamp(r.revisionCreateTime),
  };
}

/** JSON or BINARY; anything else is INVALID_ARGUMENT. */
export function parseEncoding(v: unknown): Encoding {
  const e = enumName(v, ['ENCODING_UNSPECIFIED', 'JSON', 'BINARY']);
  if (e === 'JSON' || e === 'BINARY') return e;
  throw invalidArgument('Encoding must be JSON or BINARY.');
}

const schemaType = (v: unknown) => enumName(v, ['TYPE_UNSPECIFIED', 'PROTOCOL_BUFFER', 'AVRO']);

function pageOf<T>(items: T[], req: Record<string, unknown>) {
  const size = parseInt32(req.pageSize, 'page_size') || 1000;
  if (size < 0) throw invalidArgument('page_size must not be negative.');
  const start = Number(str(req.pageToken, 'page_token') || 0);
  if (!Number.isInteger(start) || start < 0) throw invalidArgument('Invalid page_token.');
  const end = start + Math.min(size, 1000);
  return { items: items.slice(start, end), nextPageToken: end < items.length ? String(end) : '' };
}

const ops: Record<string, Op> = {
  CreateSchema: (s, req, f) => {
    const parent = project(req.parent);
    const body = asObj(req.schema);
    const id = str(req.schemaId, 'schema_id') || str(body.name, 'schema.name').split('/').pop() || '';
    return schemaOut(
      schemasOf(s).create(parent, id, schemaType(body.type), str(body.definition, 'definition')),
      f,
    );
  },
  GetSchema: (s, req, f) => schemaOut(schemasOf(s).get(str(req.name, 'name')), f, req.view),
  ListSchemas: (s, req, f) => {
    const all = schemasOf(s)
      .list(project(req.parent))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = pageOf(all, req);
    return {
      schemas: page.items.map((r) => schemaOut(r, f, req.view, true)),
      nextPageToken: page.nextPageToken,
    };
  },
  ListSchemaRevisions: (s, req, f) => {
    const newestFirst = [...schemasOf(s).revisions(str(req.name, 'name'))].reverse();
    const page = pageOf(newestFirst, req);
    return {
      schemas: page.items.map((r) => schemaOut(r, f, req.view, true)),
      nextPageToken: page.nextPageToken,
    };
  },
  CommitSchema: (s, req, f) => {
    const body = asObj(req.schema);
    const name = str(req.name, 'name');
    return schemaOut(schemasOf(s).commit(name, schemaType(body.type), str(body.definition, 'definition')), f);
  },
  RollbackSchema: (s, req, f) =>
    schemaOut(schemasOf(s).rollback(str(req.name, 'name'), str(req.revisionId, 'revision_id')), f),
  DeleteSchemaRevision: (s, req, f) => {
    const name = str(req.name, 'name');
    const rev = str(req.revisionId, 'revision_id');
    return schemaOut(schemasOf(s).deleteRevision(rev && !name.includes('@') ? `${name}@${rev}` : name), f);
  },
  DeleteSchema: (s, req) => {
    const name = str(req.name, 'name');
    schemasOf(s).delete(name);
    forgetDeletedSchema(s, name);
    return {};
  },
  ValidateSchema: (_s, req) => {
    project(req.parent);
    const body = asObj(req.schema);
    compileSchema(schemaType(body.type), str(body.definition, 'definition'));
    return {};
  },
  ValidateMessage: (s, req) => {
    project(req.parent);
    const name = str(req.name, 'name');
    const inline = asObj(req.schema);
    const compiled = name
      ? schemasOf(s).get(name).compiled
      : compileSchema(schemaType(inline.type), str(inline.definition, 'definition'));
    if (!compiled.accepts(parseBytes(req.message, 'message'), parseEncoding(req.encoding))) {
      throw invalidArgument(SCHEMA_VALIDATION_FAILED);
    }
    return {};
  },
};

/** Changes are answered once durable (with --data-dir). */
export const schemaOps = durableOps(ops, [
  'CreateSchema',
  'CommitSchema',
  'RollbackSchema',
  'DeleteSchemaRevision',
  'DeleteSchema',
]);
