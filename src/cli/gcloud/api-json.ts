// What the official clients return (protobufjs objects: Longs, Durations, empty defaults) as the
// API's own JSON, the way gcloud prints a resource: durations as "600s", unset fields left out.

/** The resource without null/empty fields; `{seconds, nanos}` become "Ns", Timestamps ISO text. */
export function apiJson(value: unknown, key = ''): unknown {
  if (value === null || value === undefined || value === '' || value === false) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => apiJson(v)).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return value.length ? Buffer.from(value).toString('base64') : undefined;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length && keys.every((k) => k === 'seconds' || k === 'nanos')) {
      const seconds = Number(o.seconds ?? 0) + Number(o.nanos ?? 0) / 1e9;
      if (/time$/i.test(key)) return seconds ? new Date(seconds * 1000).toISOString() : undefined;
      return `${seconds}s`;
    }
    if (typeof (o as { toNumber?: unknown }).toNumber === 'function') return String(o);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = apiJson(o[k], k);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (typeof value === 'string' && /_UNSPECIFIED$/.test(value)) return undefined;
  return value;
}
