// Raw GCS JSON API requests for comparing servers byte for byte, without any client library
// smoothing over differences (retries, precondition rewrites, upload type choices).

export interface WireReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

export async function wire(
  base: string,
  method: string,
  path: string,
  options: { body?: string | Uint8Array | object; headers?: Record<string, string> } = {},
): Promise<WireReply> {
  const { body } = options;
  const isJson = body !== undefined && typeof body === 'object' && !(body instanceof Uint8Array);
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(isJson ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: isJson ? JSON.stringify(body) : (body as string | Uint8Array | undefined),
    redirect: 'manual',
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A multipart/related upload body: JSON metadata, then the media. */
export function multipart(
  metadata: object,
  media: string,
): { body: string; headers: Record<string, string> } {
  const b = 'devkit-boundary';
  const body =
    `--${b}\r\ncontent-type: application/json\r\n\r\n${JSON.stringify(metadata)}\r\n` +
    `--${b}\r\ncontent-type: text/plain\r\n\r\n${media}\r\n--${b}--`;
  return { body, headers: { 'content-type': `multipart/related; boundary=${b}` } };
}

/** `error.errors[0].reason` of a GCS JSON error body. */
export function errorReason(reply: WireReply): string | undefined {
  const error = (reply.json as { error?: { errors?: Array<{ reason?: string }> } } | undefined)?.error;
  return error?.errors?.[0]?.reason;
}
