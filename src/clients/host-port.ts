// host:port parsing shared by the client factories (IPv6 literals come bracketed).

export function splitHostPort(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(value.replace(/^https?:\/\//, '').replace(/\/+$/, ''));
  if (!match) throw new Error(`expected host:port, got ${JSON.stringify(value)}`);
  return { host: match[1]!, port: Number(match[2]) };
}
