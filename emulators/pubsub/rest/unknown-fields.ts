// Google's REST front end refuses a JSON body with a field the request message does not have:
// 400 INVALID_ARGUMENT `Invalid JSON payload received. Unknown name "x" at 'a.b': Cannot find field.`
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';
import { DevkitError } from '../../common/index.ts';

const require = createRequire(import.meta.url);

/** The message type of each REST body (the request, or the resource a PUT/POST carries). */
const BODY_TYPES: Record<string, string> = {
  CreateTopic: 'google.pubsub.v1.Topic',
  UpdateTopic: 'google.pubsub.v1.UpdateTopicRequest',
  Publish: 'google.pubsub.v1.PublishRequest',
  CreateSubscription: 'google.pubsub.v1.Subscription',
  UpdateSubscription: 'google.pubsub.v1.UpdateSubscriptionRequest',
  Pull: 'google.pubsub.v1.PullRequest',
  Acknowledge: 'google.pubsub.v1.AcknowledgeRequest',
  ModifyAckDeadline: 'google.pubsub.v1.ModifyAckDeadlineRequest',
  ModifyPushConfig: 'google.pubsub.v1.ModifyPushConfigRequest',
  Seek: 'google.pubsub.v1.SeekRequest',
  DetachSubscription: 'google.pubsub.v1.DetachSubscriptionRequest',
  CreateSnapshot: 'google.pubsub.v1.CreateSnapshotRequest',
  UpdateSnapshot: 'google.pubsub.v1.UpdateSnapshotRequest',
  CreateSchema: 'google.pubsub.v1.Schema',
  CommitSchema: 'google.pubsub.v1.CommitSchemaRequest',
  RollbackSchema: 'google.pubsub.v1.RollbackSchemaRequest',
  ValidateSchema: 'google.pubsub.v1.ValidateSchemaRequest',
  ValidateMessage: 'google.pubsub.v1.ValidateMessageRequest',
  SetIamPolicy: 'google.iam.v1.SetIamPolicyRequest',
  GetIamPolicy: 'google.iam.v1.GetIamPolicyRequest',
  TestIamPermissions: 'google.iam.v1.TestIamPermissionsRequest',
};

/** The refusal, with the google.rpc.BadRequest field violations the REST error carries. */
export class UnknownFieldsError extends DevkitError {
  constructor(readonly violations: { field?: string; description: string }[]) {
    super('INVALID_ARGUMENT', violations.map((v) => v.description).join('\n'));
  }
}

let roots: protobuf.Root[] | undefined;

function lookup(name: string): protobuf.Type | undefined {
  roots ??= [
    protobuf.Root.fromJSON(require('@google-cloud/pubsub/build/protos/protos.json')),
    // google-gax does not export its protos subpath; the file sits beside its build/src.
    protobuf.Root.fromJSON(
      JSON.parse(
        readFileSync(
          path.join(path.dirname(require.resolve('google-gax')), '..', 'protos', 'iam_service.json'),
          'utf8',
        ),
      ),
    ),
  ];
  for (const root of roots) {
    const found = root.lookup(name);
    if (found instanceof protobuf.Type) return found;
  }
  return undefined;
}

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function resolved(field: protobuf.Field): protobuf.Type | protobuf.Enum | null {
  try {
    return field.resolve().resolvedType;
  } catch {
    return null; // a type this descriptor does not carry: its contents are not checked
  }
}

function walk(
  type: protobuf.Type,
  value: Record<string, unknown>,
  at: string,
  out: UnknownFieldsError['violations'],
) {
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fields[camel(key)];
    if (!field) {
      const description = `Invalid JSON payload received. Unknown name "${key}"${at ? ` at '${at}'` : ''}: Cannot find field.`;
      out.push(at ? { field: at, description } : { description });
      continue;
    }
    const sub = resolved(field);
    // Well-known types (Duration, Timestamp, FieldMask, Struct…) have their own JSON forms.
    if (!(sub instanceof protobuf.Type) || sub.fullName.startsWith('.google.protobuf.')) continue;
    const name = `${at ? `${at}.` : ''}${snake(field.name)}`;
    const items =
      field.map && isObject(v) ? Object.values(v) : field.repeated && Array.isArray(v) ? v : undefined;
    if (items) {
      const suffix = field.map ? '.value' : '';
      items.forEach((item, i) => {
        if (isObject(item)) walk(sub, item, `${name}[${i}]${suffix}`, out);
      });
    } else if (isObject(v)) walk(sub, v, name, out);
  }
}

/** Throws UnknownFieldsError when the body of `rpc` names a field its message does not have. */
export function checkKnownFields(rpc: string, body: Record<string, unknown>): void {
  const typeName = BODY_TYPES[rpc];
  const type = typeName ? lookup(typeName) : undefined;
  if (!type || Object.keys(body).length === 0) return;
  const out: UnknownFieldsError['violations'] = [];
  walk(type, body, '', out);
  if (out.length > 0) throw new UnknownFieldsError(out);
}
