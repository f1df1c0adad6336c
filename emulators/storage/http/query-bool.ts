// The one parser for boolean query parameters (`versions`, `includeTrailingDelimiter`, ...):
// Google's front end reads `true`/`false` in any letter case (the Python client sends `True`).
import { DevkitError } from '../../common/index.ts';

/**
 * `undefined` when the parameter is absent or empty, else the boolean it spells. Any other value
 * is refused with 400 `invalidParameter`, as GCS refuses a value it cannot read as a boolean.
 */
export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const v = raw.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new DevkitError(
    'INVALID_ARGUMENT',
    `Invalid boolean value for parameter '${name}': '${raw.slice(0, 100)}'.`,
    {
      httpStatus: 400,
      reason: 'invalidParameter',
    },
  );
}

/** `queryBool` with a default for an absent parameter. */
export const queryFlag = (query: URLSearchParams, name: string, fallback = false): boolean =>
  queryBool(query, name) ?? fallback;
