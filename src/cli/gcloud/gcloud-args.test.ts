// gcloud flag value parsing: dictionaries, lists, durations.
import { describe, expect, test } from 'vitest';
import { collectDict, collectList, parseGcloudDuration } from './gcloud-args.ts';

describe('gcloud args', () => {
  test('dictionaries merge across flags and keep quoted commas', () => {
    expect(collectDict('b=2', collectDict('a=1,c=x'))).toEqual({ a: '1', c: 'x', b: '2' });
    expect(collectDict('Content-Type=application/json,X-A="1,2"')).toEqual({
      'Content-Type': 'application/json',
      'X-A': '1,2',
    });
    expect(() => collectDict('novalue')).toThrow(/KEY=VALUE/);
  });
  test('lists append', () => {
    expect(collectList('c', collectList('a,b'))).toEqual(['a', 'b', 'c']);
  });
  test('durations', () => {
    expect(parseGcloudDuration('10s')).toBe(10);
    expect(parseGcloudDuration('1h30m')).toBe(5400);
    expect(parseGcloudDuration('2d')).toBe(172_800);
    expect(parseGcloudDuration('45')).toBe(45);
    expect(() => parseGcloudDuration('10 parsecs')).toThrow(/duration/);
  });
});
