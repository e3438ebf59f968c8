// Bundles the extension (Node, CommonJS, `vscode` external), the catalog server and its parse worker (Node), the wizard's,
// the entity page's and the docs viewer's pages (browser) and the icon font with esbuild.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { backstageValidatorsPlugin } from './backstageValidators.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Some dependencies ship ESM that reads import.meta.url; give the CommonJS bundle an equivalent.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  // Node 20 has fetch built in: catalog-client and scaffolder-common import cross-fetch, whose node-fetch,
  // whatwg-url and tr46 were a sixth of the server. They get the built-in fetch instead.
  alias: { 'cross-fetch': './scripts/build/builtinFetch.cjs' },
  metafile: true,
};
// The server, its worker and the command line validate entities: Backstage's schemas come precompiled.
const validators = backstageValidatorsPlugin();

/** Packages a Node bundle must not contain: the fetch polyfill and what it brings. */
const POLYFILLS = /node_modules\/(?:cross-fetch|node-fetch|whatwg-url|tr46|punycode)\//;

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js', plugins: [validators] },
  // The server's worker thread for large catalog files: a bundle of its own, which the server starts.
  { ...common, entryPoints: ['src/server/parsing/parseWorker.ts'], outfile: 'dist/parseWorker.js', plugins: [validators] },
  // The command line: `greenroom validate`, run by npx, in CI, in a pre-commit hook.
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    plugins: [validators],
    // jsonc-parser's main build is UMD, whose requires esbuild cannot follow: bundle its ES modules.
    alias: { ...common.alias, 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
    define: { ...common.define, GREENROOM_VERSION: JSON.stringify(version) },
  },
  // The template wizard's page: React and react-jsonschema-form, for the browser.
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    sourcemap: !production,
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    entryPoints: ['src/webview/wizard/main.tsx'],
    outfile: 'dist/wizard.js',
  },
  // The entity page: React and react-markdown, for the browser.
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    sourcemap: !production,
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    entryPoints: ['src/webview/entityPage/main.tsx'],
    outfile: 'dist/entityPage.js',
  },
  // The docs viewer's page: DOMPurify and the page's own script. Mermaid's prebuilt bundle is copied beside it and
  // loaded only by a page that has a diagram.
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: true,
    logLevel: 'warning',
    entryPoints: ['src/webview/docs/main.ts'],
    outfile: 'dist/docs.js',
  },
  // VS Code's icon font for the entity page, so that its icons are the workbench's own.
  {
    bundle: true,
    logLevel: 'warning',
    entryPoints: ['node_modules/@vscode/codicons/dist/codicon.css'],
    outfile: 'dist/codicon.css',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
];
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/mermaid/dist/mermaid.min.js', 'dist/mermaid.min.js');

// Stale source maps from a development build must not ship next to a minified bundle.
if (production)
  for (const file of ['dist/extension.js.map', 'dist/server.js.map', 'dist/parseWorker.js.map', 'dist/cli.js.map', 'dist/wizard.js.map', 'dist/entityPage.js.map', 'dist/docs.js.map'])
    rmSync(file, { force: true });

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching src/ for changes…');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  // A dependency that starts importing a polyfill by another name would bring it back unseen: fail the build instead.
  for (const [index, { metafile }] of results.entries()) {
    const found = Object.keys(metafile?.inputs ?? {}).filter((input) => POLYFILLS.test(input));
    if (found.length > 0) throw new Error(`${builds[index].outfile} bundles a fetch polyfill: ${found.slice(0, 3).join(', ')}`);
  }
}
