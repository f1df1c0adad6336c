// test/docker starts its containers with testcontainers: no file here (or in the kit's container
// module) runs the docker CLI by hand.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const here = new URL('./', import.meta.url);
const module = new URL('../../src/testing/container/index.ts', import.meta.url);

describe('test/docker', () => {
  it('imports testcontainers and spawns no docker process', async () => {
    const files = (await readdir(here)).filter(
      (f) => f.endsWith('.ts') && f !== 'uses-testcontainers.test.ts',
    );
    const sources = await Promise.all(files.map((f) => readFile(new URL(f, here), 'utf8')));
    const all = [...sources, await readFile(module, 'utf8')];
    expect(all.some((s) => s.includes("from 'testcontainers'"))).toBe(true);
    for (const [i, source] of all.entries()) {
      expect(source, files[i] ?? 'src/testing/container/index.ts').not.toMatch(/node:child_process/);
      expect(source).not.toMatch(/['"]docker['"]\s*,\s*\[/);
    }
  });
});
