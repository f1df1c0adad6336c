// In-memory index of bucket, object and notification records, shared by both backends (the
// directory backend loads it at open and writes through to disk).
import type { BucketRecord, NotificationRecord, ObjectRecord } from '../service/records.ts';

interface BucketEntry {
  bucket: BucketRecord;
  /** name → generation → record */
  objects: Map<string, Map<number, ObjectRecord>>;
  notifications: Map<string, NotificationRecord>;
}

export class RecordIndex {
  private readonly buckets = new Map<string, BucketEntry>();

  getBucket(name: string): BucketRecord | undefined {
    return this.buckets.get(name)?.bucket;
  }

  listBuckets(): BucketRecord[] {
    return [...this.buckets.values()].map((e) => e.bucket);
  }

  putBucket(bucket: BucketRecord): void {
    const entry = this.buckets.get(bucket.name);
    if (entry) entry.bucket = bucket;
    else this.buckets.set(bucket.name, { bucket, objects: new Map(), notifications: new Map() });
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
  }

  listObjects(bucket: string): ObjectRecord[] {
    const entry = this.buckets.get(bucket);
    if (!entry) return [];
    const out: ObjectRecord[] = [];
    for (const gens of entry.objects.values()) out.push(...gens.values());
    return out;
  }

  getObject(bucket: string, name: string, generation?: number): ObjectRecord | undefined {
    const gens = this.buckets.get(bucket)?.objects.get(name);
    if (!gens) return undefined;
    if (generation !== undefined) return gens.get(generation);
    for (const rec of gens.values()) if (rec.live) return rec;
    return undefined;
  }

  putObject(object: ObjectRecord): void {
    const entry = this.buckets.get(object.bucket);
    if (!entry) throw new Error(`bucket ${object.bucket} missing from index`);
    let gens = entry.objects.get(object.name);
    if (!gens) {
      gens = new Map();
      entry.objects.set(object.name, gens);
    }
    gens.set(object.generation, object);
  }

  deleteObject(bucket: string, name: string, generation: number): void {
    const objects = this.buckets.get(bucket)?.objects;
    const gens = objects?.get(name);
    if (!gens) return;
    gens.delete(generation);
    if (gens.size === 0) objects!.delete(name);
  }

  listNotifications(bucket: string): NotificationRecord[] {
    return [...(this.buckets.get(bucket)?.notifications.values() ?? [])];
  }

  putNotification(config: NotificationRecord): void {
    this.buckets.get(config.bucket)?.notifications.set(config.id, config);
  }

  deleteNotification(bucket: string, id: string): void {
    this.buckets.get(bucket)?.notifications.delete(id);
  }

  /**
   * After a crash between writing a new generation and retiring the old one, a name can have two
   * live generations; the newest wins and the others become noncurrent. Returns the demoted ones.
   */
  repairLive(bucket: string): ObjectRecord[] {
    const demoted: ObjectRecord[] = [];
    for (const gens of this.buckets.get(bucket)?.objects.values() ?? []) {
      const live = [...gens.values()].filter((r) => r.live).sort((a, b) => b.generation - a.generation);
      for (const old of live.slice(1)) {
        const rec = { ...old, live: false, deleted: live[0]!.created };
        gens.set(rec.generation, rec);
        demoted.push(rec);
      }
    }
    return demoted;
  }
}
