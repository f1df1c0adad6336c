// Acceptance of the kit as a product a team installs (issue 15). The package is packed once, from a
// clean clone of this checkout's HEAD (so commit first), and installed into temp projects as a user
// would: a consumer importing every subpath, then `devkit init demo` with its own tests and scenario.
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runOk } from './run-command.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const kitPackage = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8'));
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund'];
const MINUTE = 60_000;

let work: string;
let tarball: string;
let consumer: string;
let demo: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'devkit-package-'));
  await runOk('git', ['clone', '--quiet', REPO, join(work, 'kit')], work);
  // The clone's dependencies are this checkout's (npm ci would only fetch the same ones again).
  await symlink(join(REPO, 'node_modules'), join(work, 'kit', 'node_modules'));
  const packed = await runOk('npm', ['pack', '--pack-destination', work], join(work, 'kit'), 10 * MINUTE);
  tarball = join(work, packed.trim().split('\n').at(-1)!);
  consumer = join(work, 'consumer');
  await runOk('mkdir', [consumer], work);
  await runOk('npm', ['init', '-y'], consumer);
  await runOk('npm', ['pkg', 'set', 'type=module'], consumer);
  const dev = kitPackage.devDependencies;
  await runOk(
    'npm',
    [...INSTALL, tarball, `typescript@${dev.typescript}`, `@types/node@${dev['@types/node']}`],
    consumer,
    10 * MINUTE,
  );
}, 25 * MINUTE);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed kit in a fresh project', { timeout: 15 * MINUTE }, () => {
  it('ships dist/ with types, and nothing from test/ or bench/', async () => {
    const listing = await runOk('tar', ['tzf', tarball], work);
    expect(listing).toContain('package/dist/src/index.d.ts');
    expect(listing).toContain('package/dist/src/workflow/lua/claim-2.lua');
    expect(listing).toContain('package/templates/init/devkit.yaml');
    expect(listing).not.toMatch(/^package\/(test|bench|src)\//m);
    expect(listing).not.toMatch(/^package\/dist\/.*\.test\.(js|d\.ts)$/m);
  });

  it('1. a consumer importing each subpath typechecks with tsc --noEmit and runs', async () => {
    await cp(join(FIXTURES, 'consumer.ts'), join(consumer, 'consumer.ts'));
    await cp(join(FIXTURES, 'tsconfig.json'), join(consumer, 'tsconfig.json'));
    await runOk(join(consumer, 'node_modules/.bin/tsc'), ['-p', '.'], consumer);
    const out = await runOk(process.execPath, ['--import', 'tsx', 'consumer.ts'], consumer);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({
      emulators: true,
      stack: 'local',
      keys: 'c:claim:u',
      worker: true,
      testing: true,
      scenario: 4,
      faults: true,
    });
  });

  it('2. devkit init demo, npm install <tarball>: npm test, npm run scenario (and typecheck) pass', async () => {
    await runOk('npx', ['devkit', 'init', 'demo'], consumer);
    demo = join(consumer, 'demo');
    await runOk('npm', [...INSTALL, tarball], demo, 10 * MINUTE);
    const tests = await runOk('npm', ['test'], demo, 5 * MINUTE);
    expect(tests).toMatch(/Tests\s+2 passed/);
    const scenario = await runOk('npm', ['run', 'scenario'], demo, 5 * MINUTE);
    expect(scenario).toContain('1/1 scenarios passed');
    // The scaffold typechecks against the installed kit's types too.
    await runOk('npm', ['run', 'typecheck'], demo, 5 * MINUTE);
  });

  it('3. the scenario (a crash, the exactly-once invariants) passes by file; with a no-claim worker it fails', async () => {
    expect(demo, 'needs the demo of test 2').toBeDefined();
    const passed = await run('npx', ['devkit', 'scenario', '--file', 'scenarios/crash.ts'], demo, 5 * MINUTE);
    expect(passed.output).toMatch(/crash\s+every file processed\s+ok/);
    expect(passed.output).toMatch(/crash\s+each output written exactly once\s+ok/);
    expect(passed.code, passed.output.slice(-3000)).toBe(0);
    await cp(join(FIXTURES, 'worker-no-claim.ts'), join(demo, 'src/worker-no-claim.ts'));
    const scenario = (await readFile(join(demo, 'scenarios/crash.ts'), 'utf8'))
      .replace("'../src/worker.ts'", "'../src/worker-no-claim.ts'")
      .replace("name: 'crash'", "name: 'crash-no-claim'");
    await runOk('mkdir', ['mutated'], demo);
    await writeFile(join(demo, 'mutated/crash-no-claim.ts'), scenario);
    const failed = await run(
      'npx',
      ['devkit', 'scenario', '--file', 'mutated/crash-no-claim.ts'],
      demo,
      5 * MINUTE,
    );
    expect(failed.output).toMatch(/crash-no-claim\s+every file processed\s+FAIL/);
    expect(failed.code, failed.output.slice(-3000)).toBe(1);
  });

  it('4. two test files run in parallel on one stack without seeing each other', async () => {
    expect(demo, 'needs the demo of test 2').toBeDefined();
    const marks = await mkdtemp(join(work, 'marks-'));
    const template = await readFile(join(FIXTURES, 'isolation.test.ts.txt'), 'utf8');
    for (const [file, other] of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      const source = template
        .replace('__FILE__', file)
        .replace('__OTHER__', other)
        .replace('__MARKS__', marks);
      await writeFile(join(demo, `test/isolation-${file}.test.ts`), source);
    }
    const out = await runOk(
      'npx',
      ['vitest', 'run', 'test/isolation-a.test.ts', 'test/isolation-b.test.ts', '--maxWorkers=2'],
      demo,
      5 * MINUTE,
    );
    expect(out).toMatch(/Tests\s+2 passed/);
    const [a, b] = await Promise.all(['a', 'b'].map((f) => readFile(join(marks, f), 'utf8')));
    const [hostA, idA] = a!.split(' ');
    const [hostB, idB] = b!.split(' ');
    expect(hostA).toBe(hostB);
    expect(idA).not.toBe(idB);
  });
});
