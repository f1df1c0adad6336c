// Where the kit's own files are, whether it runs from a checkout (TypeScript through tsx) or as an
// installed package (compiled JavaScript in dist/, no src/ shipped).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** True when this code runs compiled from dist/ (the installed package). */
export const COMPILED = here.endsWith('.js');

/** The kit's package folder (the one holding its package.json, bin/ and templates/). */
export const KIT_ROOT = findRoot(dirname(here));

/**
 * A module of the kit named by its source path (`scenarios/index.ts`): that file in a checkout,
 * its compiled `dist/....js` twin in the installed package.
 */
export function kitModule(sourcePath: string): string {
  return COMPILED ? join(KIT_ROOT, 'dist', sourcePath.replace(/\.ts$/, '.js')) : join(KIT_ROOT, sourcePath);
}

/** The node flag that lets a child process run TypeScript (tsx's loader, resolved from the kit). */
export function tsxImportArgs(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}

/** Whether node needs tsx to run `file`. */
export const isTypeScript = (file: string): boolean => /\.[cm]?tsx?$/.test(file);

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'devkit.js'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`gcp-devkit: no package root above ${from}`);
    dir = parent;
  }
  return dir;
}
