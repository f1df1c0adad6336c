// `devkit keys mint|register`: service-account key files the local Storage emulator verifies
// V4 signed URLs and POST policies with (minted there, or a real key file registered).
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { configFor, handled } from '../output.ts';

const ADMIN = '/_devkit/identity/service-account-keys';

function storageUrl(): string {
  const host = configFor(['storage']).storageEmulatorHost;
  if (!host) throw new Error('STORAGE_EMULATOR_HOST must point at the devkit Storage emulator');
  return (/^https?:\/\//.test(host) ? host : `http://${host}`).replace(/\/+$/, '');
}

async function post(path: string, body: string): Promise<string> {
  const res = await fetch(`${storageUrl()}${path}`, { method: 'POST', body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('Service-account key files for signed URLs against the local Storage emulator');
  keys
    .command('mint')
    .description('Mint a key file (type service_account) the emulator knows; prints it or writes --out')
    .option('--email <email>', 'client_email (default devkit-signer@PROJECT.iam.gserviceaccount.com)')
    .option('--project <project>', 'project_id')
    .option('--out <file>', 'write the key file here (mode 0600) instead of stdout')
    .action(
      handled(async (opts: { email?: string; project?: string; out?: string }) => {
        const file = await post(ADMIN, JSON.stringify({ email: opts.email, project: opts.project }));
        const pretty = `${JSON.stringify(JSON.parse(file), null, 2)}\n`;
        if (!opts.out) return void process.stdout.write(pretty);
        await writeFile(opts.out, pretty, { mode: 0o600 });
        process.stdout.write(`${JSON.parse(file).client_email} → ${opts.out}\n`);
      }),
    );
  keys
    .command('register <file>')
    .description("Register your own key file's public key so URLs it signs verify locally")
    .action(
      handled(async (path: string) => {
        const answer = JSON.parse(await post(`${ADMIN}:register`, await readFile(path, 'utf8')));
        process.stdout.write(`registered ${answer.email} (key ${answer.keyId})\n`);
      }),
    );
}
