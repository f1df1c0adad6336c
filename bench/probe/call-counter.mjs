// Preloaded (`node --import`) into the workflow bench's stack and workers: counts the gRPC calls and
// HTTP requests the process makes (`grpc X`, `http GET`) and serves (`served grpc X`, `served http
// GET`), and writes the running totals to $DEVKIT_BENCH_COUNTS/<pid>.json every 200 ms and at exit.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.DEVKIT_BENCH_COUNTS;
if (dir) {
  const counts = {};
  const add = (key) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  // The worker's clients resolve @grpc/grpc-js from the checkout root, as this require does. Every
  // call goes through Channel#createCall (the Client methods are bound at load, so not those).
  const grpc = createRequire(join(process.cwd(), 'package.json'))('@grpc/grpc-js');
  const createCall = grpc.Channel.prototype.createCall;
  grpc.Channel.prototype.createCall = function (method, ...rest) {
    add(`grpc ${String(method).split('/').pop()}`);
    return createCall.call(this, method, ...rest);
  };
  // Served calls: our gRPC servers register every method through Server#register.
  const register = grpc.Server.prototype.register;
  grpc.Server.prototype.register = function (name, handler, ...rest) {
    const method = `served grpc ${String(name).split('/').pop()}`;
    const counted = function (...args) {
      add(method);
      return handler.apply(this, args);
    };
    return register.call(this, name, counted, ...rest);
  };
  subscribe('http.server.request.start', ({ request }) => add(`served http ${request.method}`));
  subscribe('http.client.request.start', ({ request }) => add(`http ${request.method}`));
  subscribe('undici:request:create', ({ request }) => add(`http ${request.method}`));
  const file = join(dir, `${process.pid}.json`);
  const flush = () => {
    try {
      writeFileSync(file, JSON.stringify(counts));
    } catch {}
  };
  setInterval(flush, 200).unref();
  process.on('exit', flush);
}
