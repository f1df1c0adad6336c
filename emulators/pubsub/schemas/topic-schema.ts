// A topic's schemaSettings: checked against the registry when set, and applied on Publish
// (validation against the allowed revision range, then the googclient_schema* attributes).
import { invalidArgument, notFound } from '../../common/index.ts';
import type { PubSubState } from '../state/index.ts';
import type { SchemaSettings, TopicRecord } from '../state/model.ts';
import { asObj, parseString } from '../wire/values.ts';
import { type Encoding, enumName } from './definition.ts';
import { parseSchemaName, type SchemaRevision, schemasOf } from './registry.ts';

/** Google's answer to a Publish whose message matches no allowed revision. */
export const SCHEMA_VALIDATION_FAILED = 'Invalid data in message: Message failed schema validation.';
/** What schemaSettings.schema becomes once its schema is deleted (as Google documents). */
export const DELETED_SCHEMA = '_deleted-schema_';

/** Wire form (gRPC object or REST JSON) to settings; undefined when no schema is named. */
export function schemaSettingsIn(v: unknown): SchemaSettings | undefined {
  const o = asObj(v);
  const schema = parseString(o.schema, 'schema_settings.schema');
  if (!schema) return undefined;
  const name = enumName(o.encoding, ['ENCODING_UNSPECIFIED', 'JSON', 'BINARY']);
  const encoding = name === 'JSON' || name === 'BINARY' ? name : '';
  return {
    schema,
    encoding: encoding as Encoding,
    firstRevisionId: parseString(o.firstRevisionId, 'schema_settings.first_revision_id'),
    lastRevisionId: parseString(o.lastRevisionId, 'schema_settings.last_revision_id'),
  };
}

/** Throws NOT_FOUND for a missing schema, INVALID_ARGUMENT for a bad encoding or revision range. */
export function checkSchemaSettings(state: PubSubState, settings: SchemaSettings): void {
  parseSchemaName(settings.schema);
  const registry = schemasOf(state);
  if (!registry.has(settings.schema)) throw notFound(`Schema not found: ${settings.schema}`);
  if (!settings.encoding) throw invalidArgument('schema_settings.encoding must be JSON or BINARY.');
  const ids = registry.revisions(settings.schema).map((r) => r.revisionId);
  const first = settings.firstRevisionId ? ids.indexOf(settings.firstRevisionId) : 0;
  const last = settings.lastRevisionId ? ids.indexOf(settings.lastRevisionId) : ids.length - 1;
  if (first < 0 || last < 0)
    throw invalidArgument('The revision range names a revision the schema does not have.');
  if (first > last) throw invalidArgument('first_revision_id must not be newer than last_revision_id.');
}

/**
 * The attributes Google adds to a message that passed validation; throws INVALID_ARGUMENT when
 * the data matches no revision in the topic's range (newest tried first).
 */
export function schemaAttributes(
  state: PubSubState,
  topic: TopicRecord,
  data: Buffer,
): Record<string, string> {
  const settings = topic.schemaSettings;
  if (!settings) return {};
  if (settings.schema === DELETED_SCHEMA) throw invalidArgument('The schema of this topic has been deleted.');
  const candidates = allowed(state, settings);
  const match = candidates.find((r) => r.compiled.accepts(data, settings.encoding));
  if (!match) throw validationFailed(settings, candidates[candidates.length - 1]);
  return {
    googclient_schemaname: settings.schema,
    googclient_schemaencoding: settings.encoding,
    googclient_schemarevisionid: match.revisionId,
  };
}

/** Google's ErrorInfo: reason INVALID_{JSON|BINARY}_{AVRO|PROTO}_MESSAGE and the revision it tried last. */
function validationFailed(settings: SchemaSettings, last: SchemaRevision | undefined) {
  const kind = last?.type === 'AVRO' ? 'AVRO' : 'PROTO';
  return invalidArgument(SCHEMA_VALIDATION_FAILED, {
    reason: `INVALID_${settings.encoding}_${kind}_MESSAGE`,
    domain: 'pubsub.googleapis.com',
    metadata: {
      message: 'Message failed schema validation',
      revisionInfo: `Could not validate message with any schema revision for schema: ${settings.schema}, last checked revision: revision_id=${last?.revisionId ?? ''}`,
    },
  });
}

function allowed(state: PubSubState, settings: SchemaSettings): SchemaRevision[] {
  const revs = schemasOf(state).revisions(settings.schema);
  const ids = revs.map((r) => r.revisionId);
  const first = settings.firstRevisionId ? ids.indexOf(settings.firstRevisionId) : 0;
  const lastAt = settings.lastRevisionId ? ids.indexOf(settings.lastRevisionId) : -1;
  const last = lastAt < 0 ? revs.length - 1 : lastAt;
  return revs.slice(Math.max(first, 0), last + 1).reverse();
}

/** After DeleteSchema: the topics that used it now name `_deleted-schema_`. */
export function forgetDeletedSchema(state: PubSubState, name: string): void {
  for (const topic of state.topics.values()) {
    if (topic.schemaSettings?.schema === name) topic.schemaSettings.schema = DELETED_SCHEMA;
  }
}
