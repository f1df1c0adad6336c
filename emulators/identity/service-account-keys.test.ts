// ServiceAccountKeys: the minted file's shape, registration of a user's file (and refusal of
// anything else), lookups by email and key id, and the entries/restore round trip.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ServiceAccountKeys } from './service-account-keys.ts';

describe('ServiceAccountKeys', () => {
  it('mints Google-shaped key files and remembers only their public halves', async () => {
    const keys = new ServiceAccountKeys();
    let changes = 0;
    keys.onChange = () => changes++;
    const file = await keys.mint({ project: 'p1', tokenUri: 'http://127.0.0.1:1/token' });
    expect(file).toMatchObject({
      type: 'service_account',
      project_id: 'p1',
      client_email: 'devkit-signer@p1.iam.gserviceaccount.com',
      token_uri: 'http://127.0.0.1:1/token',
    });
    expect(file.private_key_id).toMatch(/^[0-9a-f]{40}$/);
    expect(file.client_id).toMatch(/^\d{21}$/);
    const derived = createPublicKey(createPrivateKey(file.private_key)).export({
      type: 'spki',
      format: 'pem',
    });
    expect(
      keys
        .publicKey('DEVKIT-SIGNER@p1.iam.gserviceaccount.com', file.private_key_id)
        ?.export({ type: 'spki', format: 'pem' }),
    ).toBe(derived);
    expect(keys.publicKeys('nobody@p1.iam.gserviceaccount.com')).toEqual([]);
    expect(changes).toBe(1);

    const copy = new ServiceAccountKeys();
    copy.restore(keys.entries());
    expect(copy.publicKeys(file.client_email)).toHaveLength(1);
    expect(() => keys.register({ type: 'authorized_user' })).toThrow(/service-account key file/);
    expect(() =>
      keys.register({ type: 'service_account', client_email: 'a@b', private_key: 'nope' }),
    ).toThrow(/PEM/);
    await expect(keys.mint({ email: 'not an email', tokenUri: 'x' })).rejects.toThrow(/email/);
  });
});
