// The least a Cloud Storage server could do for the bench's drivers: `node --import tsx
// bench/profile/storage-ceiling.ts [--large-mb N]` listens on a free 127.0.0.1 port, prints
// `STORAGE_EMULATOR_HOST=http://127.0.0.1:<port>` and answers, with no checks and no storage,
// bucket creation, media and multipart uploads (the body is read, hashed and dropped; a minimal
// object resource with its MD5 and CRC-32C is returned) and `alt=media` downloads: 4 KiB of zeros,
// or `--large-mb` MiB from one in-memory Buffer for `large.bin`. A rate measured against it is
// what the client alone allows on this machine: no server, ours or a peer's, can beat it by much.
// Not an emulator: a yardstick.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';

const { values } = parseArgs({ options: { 'large-mb': { type: 'string', default: '0' } } });
const small = Buffer.alloc(4096);
const large = Buffer.alloc(Number(values['large-mb']) * 1024 * 1024);

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const json = (body: object) => {
    const text = JSON.stringify(body);
    res.writeHead(200, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  if (req.method === 'GET' && url.includes('alt=media')) {
    req.resume();
    const data = url.includes('/o/large.bin') ? large : small;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
    res.end(data);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    // Bucket creation sends the name in its JSON body; the drivers read only `name` back.
    if (req.method === 'POST' && url.startsWith('/storage/v1/b?'))
      return json({ kind: 'storage#bucket', name: JSON.parse(body.toString()).name });
    const data = mediaOf(body, req.headers['content-type'] ?? '');
    const bucket = /\/b\/([^/?]+)/.exec(url)?.[1] ?? 'bucket';
    const name = new URLSearchParams(url.split('?')[1]).get('name') ?? 'object';
    // The official client checks its upload against these hashes (and deletes the object otherwise).
    json({
      kind: 'storage#object',
      bucket,
      name,
      generation: '1',
      metageneration: '1',
      size: String(data.length),
      md5Hash: createHash('md5').update(data).digest('base64'),
      crc32c: crc32cOf(data),
    });
  });
});

/** The object bytes of a media upload (the body) or a multipart one (its last part). */
function mediaOf(body: Buffer, type: string): Buffer {
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!type.startsWith('multipart/') || !boundary) return body;
  const close = body.lastIndexOf(`\r\n--${boundary}--`);
  const last = body.lastIndexOf(`--${boundary}\r\n`, close);
  return body.subarray(body.indexOf('\r\n\r\n', last) + 4, close);
}

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`STORAGE_EMULATOR_HOST=http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
