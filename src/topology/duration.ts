// Durations as devkit.yaml writes them ("1s", "500ms", "5m", "7d" or a number of seconds) and as
// the APIs carry them (google.protobuf.Duration), normalised to seconds so plans compare numbers.

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Seconds for "10s", "1.5s", "500ms", "5m", "2h", "7d"; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  return roundNanos(Number(match[1]) * UNIT_SECONDS[match[2]!]!);
}

/** The API's string form of a duration: "10s", "0.5s". */
export function formatDuration(seconds: number): string {
  return `${roundNanos(seconds)}s`;
}

/** A google.protobuf.Duration message for the official clients. */
export function toProtoDuration(seconds: number): { seconds: number; nanos: number } {
  const whole = Math.floor(seconds);
  return { seconds: whole, nanos: Math.round((seconds - whole) * 1e9) };
}

/** Seconds from what a client returns: a Duration message (seconds may be a Long or string) or "10s". */
export function fromProtoDuration(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return parseDuration(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'object') {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    return roundNanos(Number(seconds ?? 0) + Number(nanos ?? 0) / 1e9);
  }
  return undefined;
}

function roundNanos(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e9;
}
