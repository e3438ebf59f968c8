// Compiles the extension-host test runner and suites (TypeScript) into
// dist-test/vscode/ as CommonJS, the module format VS Code's extension host
// loads test modules in.
import { readdirSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT, ensureIgnoredDir } from './artifacts.mjs';

export const SUITES_SRC = path.join(REPO_ROOT, 'test', 'vscode');
export const SUITES_OUT = path.join(REPO_ROOT, 'dist-test', 'vscode');
/** Folder VS Code loads as extensionDevelopmentPath: its package.json points `main` at the built runner. */
export const RUNNER_EXTENSION_DIR = path.join(SUITES_SRC, 'runner');
/** extensionTestsPath: the built runner module. */
export const RUNNER_MODULE = path.join(SUITES_OUT, 'runner', 'index.js');

/**
 * Builds test/vscode/runner/index.ts and test/vscode/suite/**\/*.test.ts
 * into dist-test/vscode/{runner,suite}/.
 * @returns {Promise<{ runner: string, suites: string[] }>}
 */
export async function buildSuites() {
  const suiteDir = path.join(SUITES_SRC, 'suite');
  const suites = existsSync(suiteDir)
    ? readdirSync(suiteDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => path.join(suiteDir, f))
    : [];
  await rm(SUITES_OUT, { recursive: true, force: true });
  await ensureIgnoredDir(path.dirname(SUITES_OUT));
  await esbuild.build({
    entryPoints: [path.join(RUNNER_EXTENSION_DIR, 'index.ts'), ...suites],
    outdir: SUITES_OUT,
    outbase: SUITES_SRC,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // the extension host of VS Code 1.139 runs on Node 22
    target: 'node22',
    // vscode exists only inside the extension host; mocha must be the one
    // instance the runner created, so suites share its globals.
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return { runner: RUNNER_MODULE, suites: suites.map((s) => path.join(SUITES_OUT, path.relative(SUITES_SRC, s)).replace(/\.ts$/, '.js')) };
}
