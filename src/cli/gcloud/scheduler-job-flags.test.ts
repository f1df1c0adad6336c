// gcloud scheduler flags → Job fields.
import { describe, expect, test } from 'vitest';
import { jobFromFlags } from './scheduler-job-flags.ts';

const topic = (t: string) => `projects/p/topics/${t}`;

describe('scheduler job flags', () => {
  test('pubsub: gcloud defaults (Etc/UTC) and a body or attributes required', () => {
    const { job } = jobFromFlags(
      'pubsub',
      { schedule: '0 * * * *', topic: 't', attributes: { action: 'download' } },
      topic,
      true,
    );
    expect(job).toEqual({
      schedule: '0 * * * *',
      timeZone: 'Etc/UTC',
      pubsubTarget: { topicName: 'projects/p/topics/t', attributes: { action: 'download' } },
    });
    expect(() => jobFromFlags('pubsub', { schedule: '* * * * *', topic: 't' }, topic, true)).toThrow(
      /at least one of/,
    );
  });
  test('http with headers, body, OIDC, retry and attempt deadline', () => {
    const { job, paths } = jobFromFlags(
      'http',
      {
        schedule: '*/5 * * * *',
        uri: 'http://x/y',
        httpMethod: 'put',
        headers: { a: 'b' },
        messageBody: 'hi',
        oidcServiceAccountEmail: 'sa@p.iam.gserviceaccount.com',
        maxRetryAttempts: 3,
        minBackoff: 10,
        attemptDeadline: 300,
      },
      topic,
      true,
    );
    expect(job.httpTarget).toEqual({
      httpMethod: 'PUT',
      headers: { a: 'b' },
      body: Buffer.from('hi'),
      uri: 'http://x/y',
      oidcToken: { serviceAccountEmail: 'sa@p.iam.gserviceaccount.com', audience: '' },
    });
    expect(job.retryConfig).toEqual({ retryCount: 3, minBackoffDuration: { seconds: 10, nanos: 0 } });
    expect(job.attemptDeadline).toEqual({ seconds: 300, nanos: 0 });
    expect(paths).toContain('http_target.oidc_token');
  });
  test('app-engine routing and relative URL default', () => {
    const { job } = jobFromFlags(
      'app-engine',
      { schedule: '0 0 * * *', service: 'worker', version: 'v2' },
      topic,
      true,
    );
    expect(job.appEngineHttpTarget).toEqual({
      httpMethod: 'POST',
      relativeUri: '/',
      appEngineRouting: { service: 'worker', version: 'v2' },
    });
  });
  test('update sends only what was given', () => {
    const { job, paths } = jobFromFlags('pubsub', { schedule: '5 * * * *' }, topic, false);
    expect(job).toEqual({ schedule: '5 * * * *' });
    expect(paths).toEqual(['schedule']);
  });
});
