// Fine-grained ACLs with the Node client: bucket `acl`, `defaultObjectAcl` and object `acl`
// entries listed, added, updated and deleted; predefined ACLs; `projection=full`; uniform
// bucket-level access makes every ACL call 400; enforced public access prevention refuses public
// entries with 412.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, PROJECT, startEmulator } from './helpers.ts';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('storage ACLs', () => {
  it('bucket, default object and object ACL entries are stored and returned', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('acl'));
    expect(bucket.metadata.iamConfiguration?.uniformBucketLevelAccess?.enabled).toBe(false);
    const [initial] = await bucket.acl.get();
    expect((initial as unknown as { entity: string }[]).map((e) => e.entity).sort()).toEqual(
      [`project-editors-${PROJECT}`, `project-owners-${PROJECT}`, `project-viewers-${PROJECT}`].sort(),
    );
    const [added] = await bucket.acl.add({ entity: 'user-alice@example.com', role: 'WRITER' });
    expect(added).toMatchObject({ entity: 'user-alice@example.com', role: 'WRITER' });
    const [updated] = await bucket.acl.update({ entity: 'user-alice@example.com', role: 'READER' });
    expect(updated).toMatchObject({ role: 'READER' });
    expect((await bucket.acl.get({ entity: 'user-alice@example.com' }))[0]).toMatchObject({ role: 'READER' });
    await bucket.acl.delete({ entity: 'user-alice@example.com' });
    await expect(bucket.acl.get({ entity: 'user-alice@example.com' })).rejects.toMatchObject({ code: 404 });
    await expect(bucket.acl.add({ entity: 'nobody', role: 'READER' })).rejects.toMatchObject({ code: 400 });
    // PUT of an entity the list does not hold sets it (the Go client's ACL().Set relies on it).
    await bucket.acl.update({ entity: 'allAuthenticatedUsers', role: 'READER' });
    expect((await bucket.acl.get({ entity: 'allAuthenticatedUsers' }))[0]).toMatchObject({ role: 'READER' });
    await expect(bucket.acl.add({ entity: 'allUsers', role: 'ADMIN' })).rejects.toMatchObject({ code: 400 });

    await bucket.acl.default.add({ entity: 'group-team@example.com', role: 'READER' });
    const file = bucket.file('f');
    await file.save('x', { resumable: false });
    // A new object's ACL is the bucket's default object ACL.
    const [objAcl] = await file.acl.get();
    expect((objAcl as unknown as { entity: string }[]).map((e) => e.entity)).toContain(
      'group-team@example.com',
    );
    await file.makePublic();
    expect((await file.acl.get({ entity: 'allUsers' }))[0]).toMatchObject({ role: 'READER' });
    await file.makePrivate();
    await expect(file.acl.get({ entity: 'allUsers' })).rejects.toMatchObject({ code: 404 });

    const base = `${emu.url}/storage/v1/b/${bucket.name}`;
    const full = await call(`${base}/o/f?projection=full`);
    // The object's owner is its uploader (with no token of ours: the project owner stand-in).
    expect(full.body.owner).toEqual({ entity: `user-devkit-owner@${PROJECT}.iam.gserviceaccount.com` });
    expect(full.body.acl.map((e: { entity: string }) => e.entity)).toContain(`project-owners-${PROJECT}`);
    // python-storage saves ACLs by patching the resource's `acl` list.
    const patched = await call(
      `${base}/o/f?projection=full`,
      json('PATCH', { acl: [{ entity: 'user-bob@example.com', role: 'OWNER' }] }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.acl.map((e: { entity: string }) => e.entity)).toEqual(['user-bob@example.com']);
    const bucketFull = await call(`${base}?projection=full`);
    expect(bucketFull.body.defaultObjectAcl.map((e: { entity: string }) => e.entity)).toContain(
      'group-team@example.com',
    );
    expect((await call(`${base}?predefinedAcl=publicRead`, json('PATCH', {}))).status).toBe(200);
    expect((await bucket.acl.get({ entity: 'allUsers' }))[0]).toMatchObject({ role: 'READER' });
    expect((await call(`${base}?predefinedAcl=everyone`, json('PATCH', {}))).status).toBe(400);
  });

  it('uniform bucket-level access makes ACL calls 400; enforced public access prevention refuses public entries', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [uniform] = await storage.createBucket(bucketName('acl'), {
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
    });
    expect(uniform.metadata.iamConfiguration?.uniformBucketLevelAccess?.lockedTime).toBeTruthy();
    await uniform.file('f').save('x', { resumable: false });
    await expect(uniform.acl.get()).rejects.toMatchObject({ code: 400 });
    await expect(uniform.acl.default.get()).rejects.toMatchObject({ code: 400 });
    await expect(uniform.file('f').acl.get()).rejects.toMatchObject({ code: 400 });
    await expect(uniform.file('f').makePublic()).rejects.toMatchObject({ code: 400 });
    const base = `${emu.url}/storage/v1/b/${uniform.name}`;
    expect((await call(`${base}?predefinedAcl=publicRead`, json('PATCH', {}))).status).toBe(400);
    // Turning it off brings the ACL API back.
    await uniform.setMetadata({ iamConfiguration: { uniformBucketLevelAccess: { enabled: false } } });
    expect((await uniform.acl.get())[0]).not.toHaveLength(0);

    const [guarded] = await storage.createBucket(bucketName('acl'), {
      iamConfiguration: { publicAccessPrevention: 'enforced' },
    });
    expect(guarded.metadata.iamConfiguration?.publicAccessPrevention).toBe('enforced');
    await guarded.file('g').save('x', { resumable: false });
    await expect(guarded.file('g').makePublic()).rejects.toMatchObject({ code: 412 });
    await expect(guarded.acl.add({ entity: 'allAuthenticatedUsers', role: 'READER' })).rejects.toMatchObject({
      code: 412,
    });
    await guarded.acl.add({ entity: 'user-carol@example.com', role: 'READER' });
    await expect(
      guarded.setMetadata({ iamConfiguration: { publicAccessPrevention: 'sometimes' } }),
    ).rejects.toMatchObject({ code: 400 });
    await guarded.setMetadata({ iamConfiguration: { publicAccessPrevention: 'inherited' } });
    await guarded.file('g').makePublic();
  });
});
