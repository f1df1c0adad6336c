// devkit.yaml parsing: the example validates; bad files name the line, column and field.
import { describe, expect, it } from 'vitest';
import { parseTopology, TopologyFileError } from '../../src/topology/index.ts';

const EXAMPLE = `project: my-project
topics: [{ name: available }, { name: processing }, { name: complete }, { name: dead }]
subscriptions:
  - { name: worker, topic: available, ackDeadlineSeconds: 30,
      deadLetterPolicy: { deadLetterTopic: dead, maxDeliveryAttempts: 5 },
      retryPolicy: { minimumBackoff: 1s, maximumBackoff: 60s } }
  - { name: alice-tasks, topic: tasks, filter: 'attributes.user_id = "alice"' }
  - { name: fn-download, topic: download-covid-bed-status, pushConfig: { pushEndpoint: http://127.0.0.1:8081/ } }
buckets:
  - name: work
    versioning: false
    notifications: [{ topic: available, eventTypes: [OBJECT_FINALIZE], objectNamePrefix: workfiles/, payloadFormat: JSON_API_V1 }]
jobs:
  - { name: download-covid-bed-status, schedule: "0 * * * *", timeZone: UTC,
      pubsubTarget: { topic: download-covid-bed-status, data: "This is a job that runs every hour.", attributes: { action: download } },
      retryConfig: { retryCount: 3, minBackoffDuration: 5s } }
`;

function problemsOf(text: string) {
  try {
    parseTopology(text, 'devkit.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(TopologyFileError);
    return { message: (err as TopologyFileError).message, problems: (err as TopologyFileError).problems };
  }
  throw new Error('expected the file to be rejected');
}

describe('parseTopology', () => {
  it("accepts the issue's example and turns durations into seconds", () => {
    const file = parseTopology(EXAMPLE);
    expect(file.project).toBe('my-project');
    expect(file.topics?.map((t) => t.name)).toEqual(['available', 'processing', 'complete', 'dead']);
    expect(file.subscriptions?.[0]?.retryPolicy).toEqual({ minimumBackoff: 1, maximumBackoff: 60 });
    expect(file.buckets?.[0]?.notifications?.[0]?.objectNamePrefix).toBe('workfiles/');
    expect(file.jobs?.[0]?.retryConfig).toEqual({ retryCount: 3, minBackoffDuration: 5 });
  });

  it('reports a wrong type with the line, column and field path', () => {
    const { message, problems } = problemsOf(
      'topics:\n  - name: available\nsubscriptions:\n  - name: worker\n    topic: available\n    ackDeadlineSeconds: soon\n',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 6, column: 5, field: 'subscriptions[0].ackDeadlineSeconds' });
    expect(message).toMatch(/^devkit\.yaml:6:5: subscriptions\[0\]\.ackDeadlineSeconds: /);
  });

  it('reports an unknown (misspelt) field at its own line', () => {
    const { problems } = problemsOf('buckets:\n  - name: work\n    versionning: true\n');
    expect(problems[0]).toMatchObject({ line: 3, field: 'buckets[0].versionning' });
    expect(problems[0]?.message).toBe('unknown field "versionning"');
  });

  it('reports a missing required field at its parent entry', () => {
    const { problems } = problemsOf('subscriptions:\n  - name: worker\n    ackDeadlineSeconds: 20\n');
    expect(problems[0]).toMatchObject({ line: 2, field: 'subscriptions[0].topic' });
    expect(problems[0]?.message).toContain('required field is missing');
  });

  it('reports a duplicate name at the second entry', () => {
    const { problems } = problemsOf('topics:\n  - name: aaa\n  - name: bbb\n  - name: aaa\n');
    expect(problems).toEqual([
      { line: 4, column: 5, field: 'topics[2].name', message: 'duplicate name "aaa"' },
    ]);
  });

  it('reports a bad duration and a job without a target, each at its line', () => {
    const { problems } = problemsOf(
      [
        'topics: [{ name: aaa }]',
        'subscriptions:',
        '  - { name: sub, topic: aaa, retryPolicy: { minimumBackoff: soon } }',
        'jobs:',
        '  - name: nightly',
        '    schedule: "0 3 * * *"',
      ].join('\n'),
    );
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField['subscriptions[0].retryPolicy.minimumBackoff']).toMatchObject({ line: 3 });
    expect(byField['subscriptions[0].retryPolicy.minimumBackoff']?.message).toContain('expected a duration');
    expect(byField['jobs[0]']).toMatchObject({ line: 5 });
    expect(byField['jobs[0]']?.message).toContain('exactly one target');
  });

  it('reports YAML syntax errors with their line', () => {
    const { problems } = problemsOf('topics:\n  - name: a\n bad: [unclosed\n');
    expect(problems[0]?.line).toBeGreaterThanOrEqual(3);
    expect(problems[0]?.field).toBe('');
  });

  it('accepts an empty file as an empty topology', () => {
    expect(parseTopology('')).toEqual({});
  });
});
