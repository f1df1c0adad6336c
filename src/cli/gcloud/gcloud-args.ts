// gcloud's flag value shapes: dictionaries `k=v,k2=v2` (repeatable), lists `a,b`, and durations
// (`10s`, `1h30m`, `2d`, or a number of seconds).
import { InvalidArgumentError } from 'commander';

/** Collects `--labels a=b,c=d` (several flags merge) into one map. */
export function collectDict(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const out = { ...previous };
  for (const pair of splitTop(value)) {
    const at = pair.indexOf('=');
    if (at < 1) throw new InvalidArgumentError(`expected KEY=VALUE, got "${pair}"`);
    out[pair.slice(0, at)] = unquote(pair.slice(at + 1));
  }
  return out;
}

/** Collects `--event-types a,b` (several flags append) into one list. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitTop(value).filter(Boolean)];
}

/** `--headers` style, where values may contain commas inside quotes. */
function splitTop(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (const ch of value) {
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds for `10s`, `1h30m`, `2.5s`, `2d` or a bare number of seconds. */
export function parseGcloudDuration(value: string): number {
  const text = value.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new InvalidArgumentError(`expected a duration such as 10s, 5m, 1h30m or 7d, got "${value}"`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/** A whole number (gcloud's int flags). */
export function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  return Number(value);
}

/** `{seconds, nanos}` for the official clients. */
export function protoDuration(seconds: number): { seconds: number; nanos: number } {
  const whole = Math.floor(seconds);
  return { seconds: whole, nanos: Math.round((seconds - whole) * 1e9) };
}
