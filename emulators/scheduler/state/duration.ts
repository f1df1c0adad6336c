// Durations and instants as people and protocols write them: "90s", "1h30m", ISO times, and the
// protobuf Duration/Timestamp shapes. Pure; shared by the gRPC/REST codecs, admin endpoint and CLI.
import { invalidArgument } from '../../common/index.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "500ms", "90s", "1.5s", "15m", "1h30m", "2d" into milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let end = 0;
  for (let m = part.exec(trimmed); m; m = part.exec(trimmed)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
    end = part.lastIndex;
  }
  if (trimmed === '' || end !== trimmed.length) {
    throw invalidArgument(`invalid duration "${text}": use e.g. 90s, 15m, 1h30m, 2d`);
  }
  return Math.round(total);
}

/** A duration in protobuf JSON form: 0 or 3 fractional digits at ms precision ("10s", "1.500s"). */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? `${seconds}s` : `${seconds.toFixed(3)}s`;
}

type Long = string | number | { toString(): string };
export interface ProtoDuration {
  seconds?: Long | null;
  nanos?: number | null;
}

export function durationFromProto(d: ProtoDuration | null | undefined): number | undefined {
  if (!d) return undefined;
  return Number(d.seconds ?? 0) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
}

export function durationToProto(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}

/** Timestamps share the {seconds, nanos} shape. */
export const timestampFromProto = durationFromProto;
export const timestampToProto = durationToProto;

/** Parses an RFC 3339 instant; rejects anything Date.parse only half-understands. */
export function parseInstant(text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
    throw invalidArgument(`invalid time "${text}": use RFC 3339, e.g. 2026-03-08T07:00:00Z`);
  }
  return ms;
}
