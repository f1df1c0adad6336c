// Proto3 JSON accepts both lowerCamelCase and the original snake_case field names; requests are
// normalized to camelCase here. Map fields (attributes, labels) keep their user-chosen keys.
const MAP_FIELDS = new Set(['attributes', 'labels']);

export function camelizeKeys(value: unknown, depth = 0): unknown {
  if (depth > 32 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => camelizeKeys(v, depth + 1));
  // fromEntries defines own properties, so a `__proto__` key stays data, never a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      const name = key.includes('_') ? key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : key;
      return [name, MAP_FIELDS.has(name) ? v : camelizeKeys(v, depth + 1)];
    }),
  );
}
