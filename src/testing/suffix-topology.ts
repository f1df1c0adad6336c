// A devkit.yaml topology with every resource name given a suffix (`work` → `work-<id>`), so each
// test file provisions its own copy on a shared stack. References (topics of subscriptions and
// notifications, dead-letter topics, job targets) get the same suffix.
import type { TopologyFile } from '../topology/index.ts';

/** `name` (or the last segment of `projects/p/topics/name`) with `-<suffix>` appended. */
export function withSuffix(name: string, suffix: string): string {
  const slash = name.lastIndexOf('/');
  return `${name.slice(0, slash + 1)}${name.slice(slash + 1)}-${suffix}`;
}

export function suffixTopology(file: TopologyFile, suffix: string): TopologyFile {
  const s = (name: string) => withSuffix(name, suffix);
  return {
    ...file,
    topics: file.topics?.map((t) => ({ ...t, name: s(t.name) })),
    subscriptions: file.subscriptions?.map((sub) => ({
      ...sub,
      name: s(sub.name),
      topic: s(sub.topic),
      deadLetterPolicy: sub.deadLetterPolicy && {
        ...sub.deadLetterPolicy,
        deadLetterTopic: s(sub.deadLetterPolicy.deadLetterTopic),
      },
    })),
    buckets: file.buckets?.map((b) => ({
      ...b,
      name: s(b.name),
      notifications: b.notifications?.map((n) => ({ ...n, topic: s(n.topic) })),
    })),
    jobs: file.jobs?.map((j) => ({
      ...j,
      name: s(j.name),
      pubsubTarget: j.pubsubTarget && { ...j.pubsubTarget, topic: s(j.pubsubTarget.topic) },
    })),
  };
}
