// The pure planner: desired (from devkit.yaml) vs actual → create / update / replace / unchanged / delete.
import { describe, expect, it } from 'vitest';
import {
  desiredResources,
  parseDuration,
  parseTopology,
  planChanges,
  type Resource,
  renderPlan,
  summarize,
} from '../../src/topology/index.ts';

const P = 'proj-a';
const desired = (yaml: string) => desiredResources(parseTopology(yaml), P);
const FILE = `
topics: [{ name: available }, { name: dead }]
subscriptions:
  - { name: worker, topic: available, ackDeadlineSeconds: 30,
      deadLetterPolicy: { deadLetterTopic: dead }, retryPolicy: { minimumBackoff: 1s } }
buckets:
  - { name: work, notifications: [{ topic: available, eventTypes: [OBJECT_FINALIZE], objectNamePrefix: in/ }] }
jobs:
  - { name: tick, schedule: "*/5 * * * *", pubsubTarget: { topic: available, data: hi } }
`;

describe('planChanges', () => {
  it('creates everything on an empty target, in dependency order', () => {
    const changes = planChanges(desired(FILE), []);
    expect(changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'create topic available',
      'create topic dead',
      'create subscription worker',
      'create bucket work',
      'create notification work: available in/',
      'create job tick',
    ]);
  });

  it('finds nothing to do when the actual side equals the desired side (API defaults filled in)', () => {
    const want = desired(FILE);
    const changes = planChanges(want, structuredClone(want));
    expect(summarize(changes)).toEqual({ create: 0, update: 0, replace: 0, unchanged: 6, delete: 0 });
  });

  it('normalises defaults and full names: a file entry and its listed form compare equal', () => {
    const [sub] = desired('subscriptions: [{ name: s1x, topic: projects/proj-a/topics/t1x }]');
    expect(sub?.spec).toMatchObject({
      topic: 'projects/proj-a/topics/t1x',
      ackDeadlineSeconds: 10,
      filter: '',
      deadLetterPolicy: null,
      retryPolicy: null,
      pushConfig: null,
    });
    const [dlq] = desired(
      'subscriptions: [{ name: s2x, topic: t2x, deadLetterPolicy: { deadLetterTopic: d1x } }]',
    );
    expect(dlq?.spec.deadLetterPolicy).toEqual({
      deadLetterTopic: 'projects/proj-a/topics/d1x',
      maxDeliveryAttempts: 5,
    });
  });

  it('updates only the fields that differ, and names them', () => {
    const want = desired(FILE);
    const have = structuredClone(want);
    const sub = have.find((r) => r.kind === 'subscription')!;
    sub.spec.ackDeadlineSeconds = 10;
    const changes = planChanges(want, have);
    const update = changes.find((c) => c.action !== 'unchanged')!;
    expect(update).toMatchObject({
      action: 'update',
      kind: 'subscription',
      name: 'worker',
      fields: ['ackDeadlineSeconds'],
    });
    expect(renderPlan(changes)).toContain('~   subscription worker  (ackDeadlineSeconds: 10 → 30)');
  });

  it('replaces on an immutable field (subscription filter, any notification field)', () => {
    const want = desired(FILE);
    const have = structuredClone(want);
    have.find((r) => r.kind === 'subscription')!.spec.filter = 'attributes.a = "b"';
    have.find((r) => r.kind === 'notification')!.spec.payloadFormat = 'NONE';
    const changed = planChanges(want, have).filter((c) => c.action !== 'unchanged');
    expect(changed.map((c) => [c.action, c.kind, c.fields])).toEqual([
      ['replace', 'subscription', ['filter']],
      ['replace', 'notification', ['payloadFormat']],
    ]);
  });

  it('ignores fields the file does not manage (labels, retention) unless declared', () => {
    const want = desired('topics: [{ name: t1x }]');
    const have: Resource[] = [
      { kind: 'topic', name: 't1x', spec: { labels: { team: 'a' }, messageRetentionDuration: 600 } },
    ];
    expect(planChanges(want, have)[0]?.action).toBe('unchanged');
    const labelled = desired('topics: [{ name: t1x, labels: { team: b } }]');
    expect(planChanges(labelled, have)[0]).toMatchObject({ action: 'update', fields: ['labels'] });
  });

  it('deletes what the file no longer names only with prune, in reverse dependency order', () => {
    const have = desired(FILE);
    const want = desired('topics: [{ name: available }]');
    expect(planChanges(want, have).map((c) => c.action)).toEqual(['unchanged']);
    const pruned = planChanges(want, have, { prune: true });
    expect(pruned.map((c) => `${c.action} ${c.kind}`)).toEqual([
      'unchanged topic',
      'delete job',
      'delete notification',
      'delete bucket',
      'delete subscription',
      'delete topic',
    ]);
    expect(renderPlan(pruned)).toContain(
      'Plan: 0 to create, 0 to update, 0 to replace, 5 to delete, 1 unchanged.',
    );
  });

  it('paints actions only when asked to', () => {
    const changes = planChanges(desired('topics: [{ name: t1x }]'), []);
    expect(renderPlan(changes)).not.toContain('\u001b[');
    expect(renderPlan(changes, { colour: true })).toContain('\u001b[32m+   topic t1x\u001b[0m');
  });
});

describe('parseDuration', () => {
  it.each([
    ['10s', 10],
    ['1.5s', 1.5],
    ['500ms', 0.5],
    ['5m', 300],
    ['2h', 7200],
    ['7d', 604_800],
  ])('%s is %d seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));
  it('rejects what is not a duration', () => expect(parseDuration('soon')).toBeUndefined());
});
