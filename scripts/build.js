#!/usr/bin/env node
// `npm run build` (and `prepack`): a clean dist/ from tsc (ESM + .d.ts, .ts imports rewritten to
// .js), plus the non-TypeScript files the code reads from disk next to itself (Lua scripts, the
// dashboard's static files).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const ASSETS = ['src/workflow/lua', 'ui/public'];

rmSync(`${root}/dist`, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
for (const dir of ASSETS.filter((d) => existsSync(`${root}/${d}`)))
  cpSync(`${root}/${dir}`, `${root}/dist/${dir}`, { recursive: true });
