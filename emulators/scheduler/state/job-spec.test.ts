// Unit tests of UpdateJob's field-mask merge and the retry defaults.
import { describe, expect, test } from 'vitest';
import type { JobInput } from './job-model.ts';
import { applyUpdate, normalizeRetry } from './job-spec.ts';

const current: JobInput = {
  description: 'old',
  schedule: '0 * * * *',
  timeZone: 'UTC',
  retryConfig: { retryCount: 1, minBackoffMs: 5_000, maxBackoffMs: 3_600_000, maxDoublings: 5 },
  pubsubTarget: { topicName: 'projects/p/topics/t1', data: Buffer.from('x'), attributes: {} },
};

describe('applyUpdate', () => {
  test('a mask takes only the named fields, snake or camel case, top level or one level down', () => {
    const next = applyUpdate(
      current,
      { description: 'new', schedule: '5 * * * *', retryConfig: { retryCount: 4, maxDoublings: 2 } },
      ['schedule', 'retry_config.retry_count'],
    );
    expect(next).toMatchObject({ description: 'old', schedule: '5 * * * *' });
    expect(next.retryConfig).toMatchObject({ retryCount: 4, maxDoublings: 5, minBackoffMs: 5_000 });
  });

  test('a masked field the patch leaves out is cleared', () => {
    expect(applyUpdate(current, {}, ['description']).description).toBeUndefined();
  });

  test('without a mask every field the patch sets replaces the current one', () => {
    const next = applyUpdate(current, { timeZone: 'Europe/Paris', httpTarget: undefined }, undefined);
    expect(next).toMatchObject({ timeZone: 'Europe/Paris', schedule: '0 * * * *', description: 'old' });
  });

  test('setting one target kind clears the others', () => {
    const http = { uri: 'http://x', httpMethod: 'POST' as const, headers: {}, body: Buffer.alloc(0) };
    const next = applyUpdate(current, { httpTarget: http }, ['http_target', 'pubsub_target']);
    expect(next.httpTarget).toEqual(http);
    expect(next.pubsubTarget).toBeUndefined();
  });

  test('unknown mask paths are INVALID_ARGUMENT', () => {
    expect(() => applyUpdate(current, {}, ['state'])).toThrow(/Invalid update_mask path/);
  });
});

describe('normalizeRetry', () => {
  test('fills Google defaults and refuses out-of-range values', () => {
    expect(normalizeRetry(undefined)).toEqual({
      retryCount: 0,
      maxRetryDurationMs: 0,
      minBackoffMs: 5_000,
      maxBackoffMs: 3_600_000,
      maxDoublings: 5,
    });
    expect(() => normalizeRetry({ retryCount: 6 })).toThrow(/between 0 and 5/);
    expect(() => normalizeRetry({ retryCount: -1 })).toThrow(/between 0 and 5/);
    expect(() => normalizeRetry({ minBackoffMs: 10_000, maxBackoffMs: 5_000 })).toThrow(/must not exceed/);
  });
});
