// `devkit scenario` finds a project's own scenarios by path: ./scenarios/*.ts, devkit.yaml's
// `scenarios:` entries, or --file; they are listed before the built-ins, which stay available.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFiles, projectScenarioFiles } from '../../src/scenario/index.ts';
import { runDevkit } from '../helpers/run-devkit.ts';

const SCENARIO_API = new URL('../../scenarios/lib/index.ts', import.meta.url).pathname;
const scenario = (name: string) =>
  `import { defineScenario } from '${SCENARIO_API}';\n` +
  `export default defineScenario({ name: '${name}', description: 'the ${name} one', async run() {}, invariants: [] });\n`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'devkit-project-scenarios-'));
  // An ESM project, as `devkit init` makes.
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  await mkdir(join(dir, 'scenarios'));
  await writeFile(join(dir, 'scenarios/alpha.ts'), scenario('alpha'));
  await writeFile(join(dir, 'scenarios/helpers.ts'), 'export const helper = 1;\n');
  await mkdir(join(dir, 'checks'));
  await writeFile(join(dir, 'checks/beta.ts'), scenario('beta'));
  await writeFile(join(dir, 'gamma.ts'), scenario('gamma'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('project scenarios', { timeout: 240_000 }, () => {
  it('./scenarios/*.ts: modules without a default export are helpers, skipped', async () => {
    const files = projectScenarioFiles(dir);
    expect(files.map((f) => f.slice(dir.length))).toEqual(['/scenarios/alpha.ts', '/scenarios/helpers.ts']);
    const loaded = await loadScenarioFiles(files, { skipOthers: true });
    expect(loaded.map((s) => s.name)).toEqual(['alpha']);
  });

  it('an explicit file whose default export is not a scenario is an error naming the file', async () => {
    await expect(loadScenarioFiles([join(dir, 'scenarios/helpers.ts')])).rejects.toThrow(
      /helpers\.ts: the default export is not a scenario/,
    );
  });

  it('devkit scenario --list shows the project scenarios first, then the built-ins', async () => {
    const result = await runDevkit(['scenario', '--list'], {}, { cwd: dir, timeoutMs: 90_000 });
    expect(result.code).toBe(0);
    const names = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(names[0]).toBe('alpha');
    expect(names).toContain('tutorial');
  });

  it("devkit.yaml's scenarios: entries (folders or files) replace ./scenarios; --file replaces both", async () => {
    await writeFile(join(dir, 'devkit.yaml'), 'scenarios: [checks, gamma.ts]\n');
    try {
      const listed = await runDevkit(['scenario', '--list'], {}, { cwd: dir, timeoutMs: 90_000 });
      expect(listed.stdout).toMatch(/^beta\s+the beta one\ngamma\s+the gamma one\n/);
      const single = await runDevkit(
        ['scenario', '--list', '--file', 'scenarios/alpha.ts'],
        {},
        { cwd: dir, timeoutMs: 90_000 },
      );
      expect(single.stdout).toMatch(/^alpha\s+the alpha one\ntutorial/);
    } finally {
      await rm(join(dir, 'devkit.yaml'));
    }
  });

  it('an unknown name is refused, pointing at --list', async () => {
    const result = await runDevkit(['scenario', 'nope'], {}, { cwd: dir, timeoutMs: 90_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown scenario "nope"');
  });
});
