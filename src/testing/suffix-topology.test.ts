// suffixTopology: every name and every reference to one gets the file's suffix.
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../topology/index.ts';
import { suffixTopology, withSuffix } from './suffix-topology.ts';

describe('suffixTopology', () => {
  it('suffixes names, topics of subscriptions and notifications, dead-letter topics and job targets', () => {
    const file = parseTopology(`
topics: [{ name: inbox }, { name: dead }]
subscriptions:
  - { name: worker, topic: inbox, deadLetterPolicy: { deadLetterTopic: projects/p/topics/dead } }
buckets: [{ name: work, notifications: [{ topic: inbox }] }]
jobs: [{ name: tick, schedule: "0 * * * *", pubsubTarget: { topic: inbox, data: tick } }]
`);
    const out = suffixTopology(file, 'x1');
    expect(out.topics?.map((t) => t.name)).toEqual(['inbox-x1', 'dead-x1']);
    expect(out.subscriptions?.[0]).toMatchObject({
      name: 'worker-x1',
      topic: 'inbox-x1',
      deadLetterPolicy: { deadLetterTopic: 'projects/p/topics/dead-x1' },
    });
    expect(out.buckets?.[0]).toMatchObject({ name: 'work-x1', notifications: [{ topic: 'inbox-x1' }] });
    expect(out.jobs?.[0]).toMatchObject({ name: 'tick-x1', pubsubTarget: { topic: 'inbox-x1' } });
    expect(file.topics?.[0]?.name).toBe('inbox');
  });

  it('suffixes the last segment of a full resource name', () => {
    expect(withSuffix('projects/p/topics/t', 'a')).toBe('projects/p/topics/t-a');
    expect(withSuffix('t', 'a')).toBe('t-a');
  });
});
