// What every REST edge decodes from a client: percent-encoded path segments and JSON bodies.
// Bad input is INVALID_ARGUMENT (400), never an exception that surfaces as INTERNAL.
import { invalidArgument } from './error.ts';

/** Google's JSON parsers stop at 100 levels of nesting; deeper bodies would overflow our converters. */
export const MAX_JSON_DEPTH = 100;

/** `decodeURIComponent`, or 400 "Invalid path segment" for a malformed escape (`%ZZ`). */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidArgument(`Invalid path segment: ${segment}`);
  }
}

/** True when `value` nests objects and arrays at most `max` levels deep (checked without recursion). */
export function jsonDepthWithin(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return false;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

/**
 * A request body that must be one JSON object (a message): `{}` for an empty body, else 400
 * "Invalid JSON payload received." for anything else, arrays and over-deep nesting included.
 */
export function parseJsonObjectBody(text: string): Record<string, unknown> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && jsonDepthWithin(parsed)) {
    return parsed as Record<string, unknown>;
  }
  throw invalidArgument('Invalid JSON payload received.');
}
