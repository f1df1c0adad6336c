// Finds and imports scenario modules by path: the kit's built-ins from its own scenarios folder,
// and a project's from `./scenarios/*.ts`, devkit.yaml's `scenarios:` entries or `--file`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMPILED, isTypeScript, KIT_ROOT, kitModule } from '../kit-paths.ts';
import type { ScenarioDefinition } from './types.ts';

export interface BuiltInScenarios {
  scenarios: ScenarioDefinition[];
  defaultName: string;
}

/** The kit's own scenarios, in `--list` order, from its scenarios folder (scenarios/index). */
export async function loadBuiltInScenarios(): Promise<BuiltInScenarios> {
  const module = (await import(pathToFileURL(kitModule('scenarios/index.ts')).href)) as {
    SCENARIOS: ScenarioDefinition[];
    DEFAULT_SCENARIO: string;
  };
  return { scenarios: module.SCENARIOS, defaultName: module.DEFAULT_SCENARIO };
}

/**
 * The scenario files of a project: `declared` entries (files or folders, relative to `baseDir`,
 * from devkit.yaml) or else the `scenarios/` folder of `baseDir` when it has one. The kit's own
 * folder is never a project's (running from the kit's checkout lists the built-ins once).
 */
export function projectScenarioFiles(baseDir: string, declared?: readonly string[]): string[] {
  const entries = declared ?? (existsSync(join(baseDir, 'scenarios')) ? ['scenarios'] : []);
  const kitFolders = [join(KIT_ROOT, 'scenarios'), join(KIT_ROOT, 'dist', 'scenarios')];
  return entries.flatMap((entry) => {
    const path = resolve(baseDir, entry);
    if (!existsSync(path)) throw new Error(`scenario path ${entry} does not exist (in ${baseDir})`);
    if (!statSync(path).isDirectory()) return [path];
    if (kitFolders.includes(path)) return [];
    return readdirSync(path)
      .filter((name) => /\.(m?js|m?ts)$/.test(name) && !/\.(test|d)\.[mc]?[jt]s$/.test(name))
      .sort()
      .map((name) => join(path, name));
  });
}

/**
 * Imports scenario files; each default-exports one scenario (defineScenario) or a list of them.
 * With `skipOthers`, a module without a default export (a helper beside the scenarios) is skipped.
 */
export async function loadScenarioFiles(
  files: readonly string[],
  { skipOthers = false } = {},
): Promise<ScenarioDefinition[]> {
  const loaded: ScenarioDefinition[] = [];
  for (const file of files) {
    if (isTypeScript(file)) await enableTypeScript();
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (module.default === undefined && skipOthers) continue;
    const found = Array.isArray(module.default) ? module.default : [module.default];
    for (const candidate of found) {
      if (!isScenario(candidate)) {
        throw new Error(
          `${file}: the default export is not a scenario (export default defineScenario({ name, run, invariants }))`,
        );
      }
      loaded.push(candidate);
    }
  }
  return loaded;
}

const isScenario = (value: unknown): value is ScenarioDefinition => {
  const s = value as Partial<ScenarioDefinition> | undefined;
  return typeof s?.name === 'string' && typeof s.run === 'function' && Array.isArray(s.invariants);
};

let typeScriptEnabled = !COMPILED;

/** The installed kit runs compiled JavaScript; a project's .ts scenario needs tsx's loader first. */
async function enableTypeScript(): Promise<void> {
  if (typeScriptEnabled) return;
  const { register } = await import('tsx/esm/api');
  register();
  typeScriptEnabled = true;
}

/** devkit.yaml's folder, for resolving its relative `scenarios:` entries. */
export const baseDirOf = (topologyFile: string): string => dirname(resolve(topologyFile));
