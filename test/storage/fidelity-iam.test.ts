// Bucket IAM (get/set with etag, testIamPermissions as an owner), the project service account,
// ACL calls refused on a bucket with uniform bucket-level access, and 501 for other unknown JSON API
// routes instead of the XML read path's "bucket does not exist".
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, PROJECT, startEmulator } from './helpers.ts';

describe('storage IAM and unimplemented routes', () => {
  it('bucket IAM policies are stored with etags; testIamPermissions grants what an owner has', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('iam'));
    const [policy] = await bucket.iam.getPolicy();
    expect(policy.bindings.map((b) => b.role)).toContain('roles/storage.legacyBucketOwner');
    expect(policy.etag).toBeTruthy();

    const binding = { role: 'roles/storage.objectViewer', members: ['allUsers'] };
    const [updated] = await bucket.iam.setPolicy({ bindings: [binding], etag: policy.etag });
    expect(updated.bindings).toEqual([binding]);
    expect(updated.etag).not.toBe(policy.etag);
    expect((await bucket.iam.getPolicy())[0].bindings).toEqual([binding]);
    // A set based on a stale etag is refused and changes nothing.
    await expect(bucket.iam.setPolicy({ bindings: [], etag: policy.etag })).rejects.toMatchObject({
      code: 412,
    });
    expect((await bucket.iam.getPolicy())[0].bindings).toEqual([binding]);

    const [granted] = await bucket.iam.testPermissions(['storage.buckets.get', 'storage.objects.delete']);
    expect(granted).toEqual({ 'storage.buckets.get': true, 'storage.objects.delete': true });
  });

  it('the project service account has a GCS-shaped email', async () => {
    await using emu = await startEmulator();
    const [account] = await clientFor(emu.url).getServiceAccount();
    expect(account.emailAddress).toBe(`service-${PROJECT}@gs-project-accounts.iam.gserviceaccount.com`);
  });

  it('ACL calls are 400 as under uniform bucket-level access; other unknown routes 501, never "no such bucket"', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('iam'), {
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
    });
    await bucket.file('f').save('x', { resumable: false });
    await expect(bucket.acl.get()).rejects.toMatchObject({ code: 400 });
    await expect(bucket.file('f').acl.get()).rejects.toMatchObject({ code: 400 });
    const base = `${emu.url}/storage/v1/b/${bucket.name}`;
    for (const path of ['/acl', '/defaultObjectAcl', '/acl/allUsers', '/o/f/acl']) {
      const r = await call(`${base}${path}`);
      expect(r.status, path).toBe(400);
      expect(r.body.error.message).toContain('uniform bucket-level access');
    }
    const folders = await call(`${base}/folders`);
    expect(folders.status).toBe(501);
    expect(folders.body.error.errors[0].reason).toBe('notImplemented');
    // HMAC keys are served (test/storage/hmac-keys.test.ts): an empty project lists none.
    expect((await call(`${emu.url}/storage/v1/projects/${PROJECT}/hmacKeys`)).body.items).toEqual([]);
    // The XML-style read path still serves real objects.
    expect((await call(`${emu.url}/${bucket.name}/f`)).body).toBe('x');
  });
});
