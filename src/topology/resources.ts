// The planner's vocabulary: a resource is a kind, a display name and a normalised spec, so the
// desired side (devkit.yaml) and the actual side (what the APIs list) compare field by field.

export type Kind = 'topic' | 'subscription' | 'bucket' | 'notification' | 'job' | 'queue';

/** Creation order: what others reference comes first. Deletions run in the reverse order. */
export const KIND_ORDER: readonly Kind[] = [
  'topic',
  'subscription',
  'bucket',
  'notification',
  'job',
  'queue',
];

/**
 * Fields the APIs cannot update in place; a difference there means delete + create ("replace").
 * Every notification field is immutable: GCS has no update call for notification configs.
 */
export const IMMUTABLE_FIELDS: Readonly<Record<Kind, readonly string[] | 'all'>> = {
  topic: [],
  subscription: ['topic', 'filter', 'enableMessageOrdering'],
  bucket: [],
  notification: 'all',
  job: [],
  queue: [],
};

/** A spec value of `undefined` means "not managed by the file": never compared, never sent. */
export type Spec = Record<string, unknown>;

export interface Resource {
  kind: Kind;
  /** Short name within the project (`worker`), or `bucket: topic prefix` for a notification. */
  name: string;
  spec: Spec;
  /** The server's own id where it differs from the name (a notification config id). */
  ref?: string;
}

export type Action = 'create' | 'update' | 'replace' | 'unchanged' | 'delete';

export interface Change {
  action: Action;
  kind: Kind;
  name: string;
  /** Spec fields that differ (update / replace). */
  fields: string[];
  desired?: Resource;
  actual?: Resource;
}

export const ACTION_SYMBOL: Readonly<Record<Action, string>> = {
  create: '+',
  update: '~',
  replace: '-/+',
  unchanged: '=',
  delete: '-',
};
