// Unit tests of duration/instant parsing used by the admin endpoint, the CLI and the REST codec.
import { expect, test } from 'vitest';
import {
  durationFromProto,
  durationToProto,
  formatDuration,
  parseDuration,
  parseInstant,
} from './duration.ts';

test('parses human durations', () => {
  expect(parseDuration('500ms')).toBe(500);
  expect(parseDuration('90s')).toBe(90_000);
  expect(parseDuration('1.5s')).toBe(1_500);
  expect(parseDuration('1h30m')).toBe(5_400_000);
  expect(parseDuration('2d')).toBe(172_800_000);
  for (const bad of ['', 'soon', '1x', '1h junk', '-5s'])
    expect(() => parseDuration(bad)).toThrow(/invalid duration/);
});

test('formats and converts protobuf durations', () => {
  expect(formatDuration(180_000)).toBe('180s');
  expect(formatDuration(1_500)).toBe('1.500s');
  expect(durationToProto(1_500)).toEqual({ seconds: 1, nanos: 500_000_000 });
  expect(durationFromProto({ seconds: '3600', nanos: 0 })).toBe(3_600_000);
  expect(durationFromProto(undefined)).toBeUndefined();
});

test('parses RFC 3339 instants only', () => {
  expect(parseInstant('2026-03-08T07:00:00Z')).toBe(Date.parse('2026-03-08T07:00:00Z'));
  expect(parseInstant('2026-03-08T02:00:00-05:00')).toBe(Date.parse('2026-03-08T07:00:00Z'));
  expect(() => parseInstant('March 8')).toThrow(/invalid time/);
});
