// `devkit init [dir]`: scaffolds a project on the kit, offline — devkit.yaml, a worker and its
// handler on the workflow library, a scenario, a vitest suite on the test helpers, a README — whose
// `npm test` and `npm run scenario` pass once its dependencies are installed.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { KIT_ROOT } from '../../kit-paths.ts';

const TEMPLATE = join(KIT_ROOT, 'templates', 'init');

export function register(program: Command): void {
  program
    .command('init')
    .description('scaffold a project on the kit: worker, handler, scenario, tests, devkit.yaml')
    .argument('[dir]', 'folder to create (default: the current one)', '.')
    .option('--force', 'write into a folder that is not empty')
    .action((dir: string, flags: { force?: boolean }) => {
      const target = resolve(dir);
      if (existsSync(target) && readdirSync(target).length > 0 && !flags.force) {
        program.error(`${dir} is not empty; choose another folder or pass --force`);
      }
      const name = packageName(basename(target));
      cpSync(TEMPLATE, target, { recursive: true });
      for (const file of listFiles(target, TEMPLATE)) {
        const text = readFileSync(file, 'utf8');
        if (text.includes('{{name}}')) writeFileSync(file, text.replaceAll('{{name}}', name));
      }
      writeFileSync(join(target, 'package.json'), `${JSON.stringify(projectPackage(name), null, 2)}\n`);
      writeFileSync(join(target, '.gitignore'), 'node_modules/\n*.log\nscenario-report.html\n');
      const cd = relative(process.cwd(), target);
      process.stdout.write(
        `created ${name} in ${target}\n\nnext:\n${cd ? `  cd ${cd}\n` : ''}  npm install\n  npm test\n  npm run scenario\n`,
      );
    });
}

/** The scaffold's package.json: the kit at this version, and the test tools the kit itself uses. */
function projectPackage(name: string) {
  const kit = JSON.parse(readFileSync(join(KIT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    engines: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const dev = (pkg: string) => kit.devDependencies[pkg] ?? kit.dependencies[pkg] ?? 'latest';
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: kit.engines,
    scripts: {
      test: 'vitest run',
      scenario: 'devkit scenario',
      start: 'devkit start',
      worker: 'node --import tsx src/worker.ts',
      typecheck: 'tsc --noEmit',
    },
    dependencies: { 'gcp-devkit': `^${kit.version}` },
    devDependencies: Object.fromEntries(
      ['@types/node', 'tsx', 'typescript', 'vitest'].map((pkg) => [pkg, dev(pkg)]),
    ),
  };
}

/** A valid npm package name from a folder name. */
const packageName = (folder: string) =>
  folder
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'devkit-project';

function listFiles(dir: string, template: string): string[] {
  return readdirSync(template, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name), join(template, entry.name))
      : [join(dir, entry.name)],
  );
}
