// Full and short resource names: specs carry full names (`projects/p/topics/t`) so references
// compare exactly; displays use the short name when the resource lives in the project.

/** `projects/P/topics/T` for a short name; a full name is returned as given. */
export function topicPath(project: string, ref: string): string {
  return ref.includes('/') ? ref : `projects/${project}/topics/${ref}`;
}

/** The short name when `full` is in `project`, otherwise `full` unchanged. */
export function shortName(project: string, full: string): string {
  const match = /^projects\/([^/]+)\/[a-zA-Z]+\/(.+)$/.exec(full);
  return match && match[1] === project ? match[2]! : full;
}

/** GCS reports a notification's topic as `//pubsub.googleapis.com/projects/P/topics/T`. */
export function stripPubsubHost(topic: string): string {
  return topic.replace(/^\/\/pubsub\.googleapis\.com\//, '');
}

/** Display name and identity of a notification config: bucket, topic and prefix. */
export function notificationName(project: string, bucket: string, topic: string, prefix: string): string {
  return `${bucket}: ${shortName(project, topic)}${prefix ? ` ${prefix}` : ''}`;
}

/**
 * Prefix of the throwaway subscription and snapshot `devkit status` makes to count a backlog.
 * Plans ignore them, so a concurrent `apply --prune` never deletes a probe mid-count.
 */
export const PROBE_PREFIX = 'devkit-status-';
