// A new object's ACL with the Node client and the raw JSON API: `predefinedAcl` on every upload
// kind, `destinationPredefinedAcl` on copy/rewrite/compose, the bucket's default object ACL
// otherwise, and the uploader's OWNER entry first (the caller of a token of ours, else the
// project owner stand-in); unknown names and uniform bucket-level access are 400.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { File } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { createIdentityIssuer } from '../../emulators/identity/index.ts';
import { bucketName, call, clientFor, PROJECT, startEmulator } from './helpers.ts';

const OWNER = `user-devkit-owner@${PROJECT}.iam.gserviceaccount.com`;
const owners = `project-owners-${PROJECT}`;
const editors = `project-editors-${PROJECT}`;
const viewers = `project-viewers-${PROJECT}`;

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The object's ACL as `entity:ROLE` strings, in the order the emulator lists them. */
async function aclOf(file: File): Promise<string[]> {
  const [entries] = await file.acl.get();
  return (entries as unknown as { entity: string; role: string }[]).map((e) => `${e.entity}:${e.role}`);
}

describe('predefined ACLs on new objects', () => {
  it('uploads apply predefinedAcl (resumable, multipart, media); the uploader owns the object', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('pacl'));

    // Without a predefined ACL: the owner entry, then the bucket's default (projectPrivate).
    const plain = bucket.file('plain');
    await plain.save('x', { resumable: false });
    expect(await aclOf(plain)).toEqual([
      `${OWNER}:OWNER`,
      `${owners}:OWNER`,
      `${editors}:OWNER`,
      `${viewers}:READER`,
    ]);

    const pub = bucket.file('public');
    await pub.save('x', { predefinedAcl: 'publicRead' }); // resumable by default
    expect(await aclOf(pub)).toEqual([`${OWNER}:OWNER`, 'allUsers:READER']);

    const priv = bucket.file('private');
    await priv.save('x', { resumable: false, predefinedAcl: 'private' });
    expect(await aclOf(priv)).toEqual([`${OWNER}:OWNER`]);

    const dir = await mkdtemp(join(tmpdir(), 'pacl-'));
    try {
      await writeFile(join(dir, 'local.txt'), 'from disk');
      const [uploaded] = await bucket.upload(join(dir, 'local.txt'), {
        destination: 'uploaded',
        predefinedAcl: 'authenticatedRead',
      });
      expect(await aclOf(uploaded)).toEqual([`${OWNER}:OWNER`, 'allAuthenticatedUsers:READER']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const expected: Record<string, string[]> = {
      projectPrivate: [`${OWNER}:OWNER`, `${owners}:OWNER`, `${editors}:OWNER`, `${viewers}:READER`],
      bucketOwnerRead: [`${OWNER}:OWNER`, `${owners}:READER`],
      bucketOwnerFullControl: [`${OWNER}:OWNER`, `${owners}:OWNER`],
    };
    for (const [name, acl] of Object.entries(expected)) {
      const media = await call(
        `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=m-${name}&predefinedAcl=${name}`,
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'm' },
      );
      expect(media.status).toBe(200);
      expect(await aclOf(bucket.file(`m-${name}`))).toEqual(acl);
    }

    // An unknown name is refused before anything is stored, on every upload kind.
    const bad = { predefinedAcl: 'everyone' as 'private' };
    await expect(bucket.file('bad-1').save('x', { resumable: false, ...bad })).rejects.toMatchObject({
      code: 400,
    });
    // The resumable upload is refused when it starts (the client reports that error's status).
    await expect(bucket.file('bad-2').save('x', bad)).rejects.toMatchObject({ status: 400 });
    expect((await bucket.file('bad-1').exists())[0]).toBe(false);
    expect((await bucket.file('bad-2').exists())[0]).toBe(false);

    // objects.patch with a predefined ACL keeps the owner's entry (makePrivate sends projectPrivate,
    // strict: private, which leaves exactly the owner).
    await pub.makePrivate();
    expect(await aclOf(pub)).toEqual(expected.projectPrivate);
    await pub.makePrivate({ strict: true });
    expect(await aclOf(pub)).toEqual([`${OWNER}:OWNER`]);
  });

  it('copy, rewrite and compose apply destinationPredefinedAcl', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('pacl'));
    await bucket.file('src').save('source bytes', { resumable: false, predefinedAcl: 'publicRead' });
    const o = `${emu.url}/storage/v1/b/${bucket.name}/o`;

    const copied = await call(
      `${o}/src/copyTo/b/${bucket.name}/o/copy?destinationPredefinedAcl=private`,
      post({}),
    );
    expect(copied.status).toBe(200);
    expect(await aclOf(bucket.file('copy'))).toEqual([`${OWNER}:OWNER`]);

    // Without one, the copy gets the bucket's default object ACL, not the source's ACL.
    expect((await call(`${o}/src/copyTo/b/${bucket.name}/o/copy-default`, post({}))).status).toBe(200);
    expect(await aclOf(bucket.file('copy-default'))).toEqual([
      `${OWNER}:OWNER`,
      `${owners}:OWNER`,
      `${editors}:OWNER`,
      `${viewers}:READER`,
    ]);

    const rewritten = await call(
      `${o}/src/rewriteTo/b/${bucket.name}/o/rewritten?destinationPredefinedAcl=authenticatedRead`,
      post({}),
    );
    expect(rewritten.body.done).toBe(true);
    expect(await aclOf(bucket.file('rewritten'))).toEqual([`${OWNER}:OWNER`, 'allAuthenticatedUsers:READER']);

    const composed = await call(
      `${o}/composed/compose?destinationPredefinedAcl=bucketOwnerFullControl`,
      post({ sourceObjects: [{ name: 'src' }, { name: 'copy' }] }),
    );
    expect(composed.status).toBe(200);
    expect(await aclOf(bucket.file('composed'))).toEqual([`${OWNER}:OWNER`, `${owners}:OWNER`]);

    const refused = await call(
      `${o}/src/copyTo/b/${bucket.name}/o/nope?destinationPredefinedAcl=everyone`,
      post({}),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.errors[0].reason).toBe('invalid');
    expect((await bucket.file('nope').exists())[0]).toBe(false);
    const composeRefused = await call(
      `${o}/nope/compose?destinationPredefinedAcl=publicReadWrite`,
      post({ sourceObjects: [{ name: 'src' }] }),
    );
    expect(composeRefused.status).toBe(400);
  });

  it('the owner entry names the caller of a token from the emulator’s issuer', async () => {
    const identity = await createIdentityIssuer();
    await using emu = await startEmulator({ identity });
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('pacl'));
    const email = 'uploader@storage-test.iam.gserviceaccount.com';
    const token = await identity.mintAccessToken({ serviceAccountEmail: email });
    const upload = (name: string, authorization: string, acl = '') =>
      call(`${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=${name}${acl}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'text/plain' },
        body: 'x',
      });
    const mine = await upload('mine', `Bearer ${token}`, '&predefinedAcl=publicRead&projection=full');
    expect(mine.status).toBe(200);
    // projection=full on the insert: the object's owner is its uploader, as its ACL says.
    expect(mine.body.owner).toEqual({ entity: `user-${email}` });
    expect(mine.body.acl.map((e: { entity: string }) => e.entity)).toEqual([`user-${email}`, 'allUsers']);
    expect(await aclOf(bucket.file('mine'))).toEqual([`user-${email}:OWNER`, 'allUsers:READER']);
    const [meta] = await bucket.file('mine').getMetadata({ projection: 'full' });
    expect(meta.owner).toMatchObject({ entity: `user-${email}` });

    // An ID token of ours names its caller as well (a resumable upload, the owner kept in the session).
    const idToken = await identity.mintIdToken({ serviceAccountEmail: email, audience: emu.url });
    const start = await call(
      `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=resumable&name=resumed&predefinedAcl=private`,
      post({}, { authorization: `Bearer ${idToken}` }),
    );
    expect(start.status).toBe(200);
    const put = await fetch(start.headers.get('location')!, { method: 'PUT', body: 'resumed bytes' });
    expect(put.status).toBe(200);
    expect(await aclOf(bucket.file('resumed'))).toEqual([`user-${email}:OWNER`]);

    // A token that is not ours (or an altered one) tells nothing: the project owner stand-in.
    const forged = `${token.slice(0, -2)}xx`;
    expect((await upload('forged', `Bearer ${forged}`, '&predefinedAcl=private')).status).toBe(200);
    expect(await aclOf(bucket.file('forged'))).toEqual([`${OWNER}:OWNER`]);
  });

  it('buckets: predefinedAcl / predefinedDefaultObjectAcl on insert; uniform access refuses predefined ACLs', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('pacl'), {
      predefinedAcl: 'authenticatedRead',
      predefinedDefaultObjectAcl: 'publicRead',
    });
    const [bucketAcl] = await bucket.acl.get();
    expect(
      (bucketAcl as unknown as { entity: string; role: string }[]).map((e) => `${e.entity}:${e.role}`),
    ).toEqual([`${owners}:OWNER`, 'allAuthenticatedUsers:READER']);
    const [defaults] = await bucket.acl.default.get();
    // A default object ACL has no owner yet: project-owners stands in, after the public entry.
    expect(
      (defaults as unknown as { entity: string; role: string }[]).map((e) => `${e.entity}:${e.role}`),
    ).toEqual(['allUsers:READER', `${owners}:OWNER`]);
    await bucket.file('f').save('x', { resumable: false });
    expect(await aclOf(bucket.file('f'))).toEqual([`${OWNER}:OWNER`, 'allUsers:READER', `${owners}:OWNER`]);
    // The object took a copy of the default at creation: a later default change leaves it alone.
    await bucket.acl.default.add({ entity: 'group-late@example.com', role: 'READER' });
    expect(await aclOf(bucket.file('f'))).toEqual([`${OWNER}:OWNER`, 'allUsers:READER', `${owners}:OWNER`]);
    await expect(
      storage.createBucket(bucketName('pacl'), { predefinedAcl: 'bucketOwnerRead' as 'private' }),
    ).rejects.toMatchObject({ code: 400 });

    // Enforced public access prevention: a public predefined ACL on upload is 412, nothing stored.
    const [guarded] = await storage.createBucket(bucketName('pacl'), {
      iamConfiguration: { publicAccessPrevention: 'enforced' },
    });
    await expect(
      guarded.file('g').save('x', { resumable: false, predefinedAcl: 'publicRead' }),
    ).rejects.toMatchObject({ code: 412 });
    expect((await guarded.file('g').exists())[0]).toBe(false);

    const [uniform] = await storage.createBucket(bucketName('pacl'), {
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
    });
    await expect(
      uniform.file('u').save('x', { resumable: false, predefinedAcl: 'publicRead' }),
    ).rejects.toMatchObject({ code: 400 });
    await expect(uniform.file('u').save('x', { predefinedAcl: 'private' })).rejects.toMatchObject({
      status: 400,
    });
    await uniform.file('u').save('x', { resumable: false });
    const o = `${emu.url}/storage/v1/b/${uniform.name}/o`;
    const copy = await call(`${o}/u/copyTo/b/${uniform.name}/o/c?destinationPredefinedAcl=private`, post({}));
    expect(copy.status).toBe(400);
    expect((await call(`${o}/u/copyTo/b/${uniform.name}/o/c`, post({}))).status).toBe(200);
  });
});
