// docker-compose.yml says what the README promises, checked without Docker: the kit's image + Redis
// by default, the official images under the `official` profile, equal to what test/docker runs.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAKE_GCS_IMAGE, GCLOUD_EMULATORS_IMAGE } from './images.ts';

interface Service {
  build?: string;
  image?: string;
  profiles?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
}

const compose = parse(await readFile(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: Record<string, Service>;
};

describe('docker-compose.yml', () => {
  it("runs the kit's own image beside Redis by default, on the DESIGN.md ports", () => {
    const { devkit, redis } = compose.services;
    expect(devkit?.build).toBe('.');
    expect(devkit?.profiles).toBeUndefined();
    expect(devkit?.ports).toEqual(['127.0.0.1:8085:8085', '127.0.0.1:4443:4443', '127.0.0.1:8089:8089']);
    expect(devkit?.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(redis?.image).toMatch(/^redis:/);
    expect(redis?.profiles).toBeUndefined();
  });

  it('offers the gcloud Pub/Sub emulator and fake-gcs-server under the official profile', () => {
    const official = Object.values(compose.services).filter((s) => s.profiles?.includes('official'));
    expect(official.map((s) => s.image).sort()).toEqual([GCLOUD_EMULATORS_IMAGE, FAKE_GCS_IMAGE].sort());
    const gcs = official.find((s) => s.image === FAKE_GCS_IMAGE)!;
    // Media and upload links must name the port the host sees.
    const published = gcs.ports![0]!.split(':')[1];
    expect(gcs.command).toContain(`http://127.0.0.1:${published}`);
  });
});
