// Bucket labels as GCS takes them: keys of lowercase letters (any script), international
// characters, digits, `_` and `-`, starting with a letter, up to 63 characters; values the same
// characters, possibly empty; at most 64 labels. Anything else is a 400, never stored.
import { invalidArgument } from '../../common/index.ts';

export const MAX_LABELS = 64;
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

const quote = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s);

/** `base` with `patch` merged in (null removes a key; a null patch removes all), validated. */
export function applyLabels(
  base: Record<string, string>,
  patch: Record<string, unknown> | null | undefined,
): Record<string, string> {
  if (patch === null) return {};
  if (patch === undefined) return base;
  if (typeof patch !== 'object' || Array.isArray(patch)) throw invalidArgument('labels must be an object.');
  const out = { ...base };
  for (const [key, raw] of Object.entries(patch)) {
    if (raw === null) {
      delete out[key];
      continue;
    }
    if (typeof raw === 'object')
      throw invalidArgument(`Invalid value for labels.${quote(key)}: expected a string.`);
    const value = String(raw);
    if (!LABEL_KEY.test(key)) {
      throw invalidArgument(
        `Invalid label key ${quote(key)}: use 1-63 lowercase letters, digits, underscores and dashes, starting with a letter.`,
      );
    }
    if (!LABEL_VALUE.test(value)) {
      throw invalidArgument(
        `Invalid value for label ${quote(key)}: ${quote(value)}; use up to 63 lowercase letters, digits, underscores and dashes.`,
      );
    }
    out[key] = value;
  }
  if (Object.keys(out).length > MAX_LABELS) {
    throw invalidArgument(`A bucket can have at most ${MAX_LABELS} labels.`);
  }
  return out;
}
