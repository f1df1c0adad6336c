// POST policy document conditions (Google's "POST policy document"): exact matches
// (`{"field": v}` or `["eq", "$field", v]`), `["starts-with", "$field", prefix]` and
// `["content-length-range", min, max]`; every form field must be covered by one.
export type PolicyFailure = { code: 'AccessDenied' | 'EntityTooLarge' | 'EntityTooSmall'; message: string };

// Fields a policy never has to mention.
const EXEMPT = new Set(['policy', 'x-goog-signature', 'file', 'bucket']);

/**
 * Checks `conditions` against the form (`fields` keyed by lower-case name, `bucket` included)
 * and the file's size; undefined when every condition holds and no field is left uncovered.
 */
export function checkConditions(
  conditions: unknown,
  fields: Map<string, string>,
  fileSize: number,
): PolicyFailure | undefined {
  if (!Array.isArray(conditions)) return denied('Invalid Policy: conditions must be an array.');
  const covered = new Set<string>();
  const value = (name: string) => fields.get(name.toLowerCase()) ?? '';
  for (const condition of conditions) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as [unknown, unknown, unknown];
      const operator = String(op).toLowerCase();
      if (operator === 'content-length-range') {
        const min = Number(a);
        const max = Number(b);
        if (fileSize > max)
          return {
            code: 'EntityTooLarge',
            message: 'Your proposed upload exceeds the maximum allowed size.',
          };
        if (fileSize < min)
          return {
            code: 'EntityTooSmall',
            message: 'Your proposed upload is smaller than the minimum allowed size.',
          };
        continue;
      }
      const field = typeof a === 'string' && a.startsWith('$') ? a.slice(1).toLowerCase() : undefined;
      if (!field || typeof b !== 'string')
        return denied(`Invalid Policy: condition ${JSON.stringify(condition)}.`);
      covered.add(field);
      const ok =
        operator === 'eq'
          ? value(field) === b
          : operator === 'starts-with'
            ? value(field).startsWith(b)
            : false;
      if (!ok)
        return denied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
    } else if (condition && typeof condition === 'object') {
      for (const [name, expected] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if (value(name) !== String(expected)) {
          return denied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
        }
      }
    } else {
      return denied(`Invalid Policy: condition ${JSON.stringify(condition)}.`);
    }
  }
  const extra = [...fields.keys()].filter(
    (n) => !EXEMPT.has(n) && !n.startsWith('x-ignore-') && !covered.has(n),
  );
  return extra.length
    ? denied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`)
    : undefined;
}

const denied = (message: string): PolicyFailure => ({ code: 'AccessDenied', message });
