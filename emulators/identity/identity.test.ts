// Unit tests for the issuer's pure parts: DER, the certificate, sealed access tokens, claims and
// the data-dir key file.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAccessToken, sealAccessToken } from './access-token.ts';
import { idTokenClaims, scopeString, serviceAccountUniqueId } from './claims.ts';
import { objectId, time, unsignedInteger } from './der.ts';
import { lazyIssuer } from './own-issuer.ts';
import { KEY_FILE, loadOrCreateSigningKey } from './signing-key.ts';
import { selfSignedCertificate } from './x509.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('der', () => {
  it('encodes object ids, integers and both time forms as X.690 says', () => {
    expect(objectId('1.2.840.113549.1.1.11').toString('hex')).toBe('06092a864886f70d01010b');
    expect(unsignedInteger(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(unsignedInteger(Buffer.from([0, 0, 5])).toString('hex')).toBe('020105');
    expect(time(Date.parse('2026-03-08T07:00:00Z')).toString('latin1')).toBe('\x17\x0d260308070000Z');
    expect(time(Date.parse('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });
});

describe('x509', () => {
  it('builds a self-signed certificate node:crypto parses and verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = selfSignedCertificate({
      privateKey,
      publicKey,
      commonName: 'issuer.test',
      serial: Buffer.from('00ff01', 'hex'),
      notBefore: Date.parse('2026-01-01T00:00:00Z'),
      notAfter: Date.parse('2036-01-01T00:00:00Z'),
    });
    const cert = new X509Certificate(pem);
    expect(cert.subject).toBe('CN=issuer.test');
    expect(cert.issuer).toBe('CN=issuer.test');
    expect(cert.serialNumber.toUpperCase()).toBe('FF01');
    expect(new Date(cert.validTo).toISOString()).toBe('2036-01-01T00:00:00.000Z');
    expect(cert.verify(publicKey)).toBe(true);
    expect(cert.publicKey.equals(publicKey)).toBe(true);
  });
});

describe('access tokens', () => {
  const secret = Buffer.alloc(32, 7);
  const grant = { email: 'a@p.iam.gserviceaccount.com', scope: 's1 s2', iat: 100, exp: 3700 };

  it('open what they seal, and nothing altered or sealed under another key', () => {
    const token = sealAccessToken(grant, secret);
    expect(token).toMatch(/^ya29\./);
    expect(openAccessToken(token, secret)).toEqual(grant);
    expect(openAccessToken(token, Buffer.alloc(32, 8))).toBeUndefined();
    const [prefix, body, mac] = token.split('.') as [string, string, string];
    const other = sealAccessToken({ ...grant, scope: 'admin' }, secret).split('.')[1];
    expect(openAccessToken(`${prefix}.${other}.${mac}`, secret)).toBeUndefined();
    expect(openAccessToken(`${prefix}.${body}.${mac.slice(1)}`, secret)).toBeUndefined();
    expect(openAccessToken('ya29.not-ours', secret)).toBeUndefined();
  });
});

describe('claims', () => {
  it('shape a service account ID token as Google does', () => {
    const claims = idTokenClaims('sa@p.iam.gserviceaccount.com', 'https://x.test/run', 1_700_000_000_500);
    const id = serviceAccountUniqueId('sa@p.iam.gserviceaccount.com');
    expect(id).toMatch(/^1\d{20}$/);
    expect(serviceAccountUniqueId('other@p.iam.gserviceaccount.com')).not.toBe(id);
    expect(claims).toEqual({
      aud: 'https://x.test/run',
      azp: id,
      email: 'sa@p.iam.gserviceaccount.com',
      email_verified: true,
      exp: 1_700_003_600,
      iat: 1_700_000_000,
      iss: 'https://accounts.google.com',
      sub: id,
    });
  });

  it('default the scope to cloud-platform and join lists with spaces', () => {
    expect(scopeString(undefined)).toBe('https://www.googleapis.com/auth/cloud-platform');
    expect(scopeString(['a', 'b'])).toBe('a b');
    expect(scopeString(' a  b ')).toBe('a b');
  });
});

describe('signing key file', () => {
  it('is created 0600 under the data dir and read back with the same kid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devkit-identity-'));
    dirs.push(dir);
    const first = await loadOrCreateSigningKey(join(dir, 'nested'), 1000);
    const file = join(dir, 'nested', KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).kid).toBe(first.kid);
    const again = await loadOrCreateSigningKey(join(dir, 'nested'), 9999);
    expect(again.kid).toBe(first.kid);
    expect(again.createdAt).toBe(1000);
    expect(first.kid).toMatch(/^[0-9a-f]{40}$/);
    expect((await loadOrCreateSigningKey(undefined, 0)).kid).not.toBe(first.kid);
  });
});

describe('lazy issuer', () => {
  it('makes its key on first use only, then signs with that one key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devkit-identity-'));
    dirs.push(dir);
    const lazy = lazyIssuer({ dataDir: dir });
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    const token = await lazy.mintIdToken({
      serviceAccountEmail: 'a@b.iam.gserviceaccount.com',
      audience: 'x',
    });
    expect(existsSync(join(dir, KEY_FILE))).toBe(true);
    const started = await lazy.started();
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid).toBe(started.kid);
    expect(await lazy.started()).toBe(started);
  });
});
