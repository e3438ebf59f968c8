// Lint rules, including the layer rule: folders under src/ are layers, and each imports only what its allow-list names.
import path from 'node:path';
import tseslint from 'typescript-eslint';
import greenroom from './scripts/lint/greenroomRules.mjs';

const markdown = ['markdown-it', 'markdown-it-attrs', 'markdown-it-deflist', 'markdown-it-footnote', 'markdown-it-task-lists'];
const backstageModel = ['@backstage/catalog-model', '@backstage/catalog-model/alpha', '@backstage/errors', '@backstage/plugin-scaffolder-common'];

/**
 * For each layer, the layers (its own included) and the modules it may import, statically or with
 * import(). Node built-ins are modules like any other: only those named here.
 * @type {Record<string, import('./scripts/lint/greenroomRules.mjs').LayerPolicy>}
 */
export const layers = {
  // The domain, pure: no editor, no LSP, no I/O. It reads Backstage's JSON schemas from their build files.
  // The organisation's rules are checked against their JSON Schema with ajv; docs pages are Markdown read by markdown-it,
  // and Backstage's published pages HTML read by htmlparser2.
  core: {
    layers: ['core'],
    files: ['schemas/greenroom-rules.schema.json'],
    modules: [...backstageModel, '@backstage/catalog-model/dist/schema/*', '@backstage/plugin-scaffolder-common/dist/*', 'yaml', 'picomatch', 'fuse.js', 'fastest-levenshtein', 'nunjitsu', 'vscode-uri', 'ajv', 'node:path', ...markdown, 'htmlparser2'],
  },
  // What feeds the catalog: files, Backstage, GitHub.
  sources: { layers: ['core', 'sources'], modules: [...backstageModel, '@backstage/catalog-client', '@octokit/rest', 'picomatch', 'node:path', 'node:fs', 'node:fs/promises', 'node:crypto', 'node:util'] },
  // Its completion offers the snippets the extension contributes (snippets/catalog-info.json).
  server: {
    layers: ['core', 'sources', 'agents', 'protocol', 'server'],
    files: ['snippets/catalog-info.json'],
    modules: ['vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-textdocument', 'vscode-uri', '@backstage/catalog-model', 'yaml', '@rjsf/validator-ajv8/compileSchemaValidators', 'node:path', 'node:worker_threads', 'node:util', 'node:os', 'node:crypto'],
  },
  // The catalog tools for agents, defined once: the language server answers VS Code's with them, `greenroom mcp` every other agent's.
  agents: { layers: ['core', 'sources', 'agents'], modules: ['@backstage/catalog-model', 'ajv', 'node:path'] },
  // `greenroom validate` and `greenroom mcp`: the catalog over a folder, as the server reads it.
  cli: { layers: ['core', 'sources', 'agents', 'cli'], modules: ['jsonc-parser', 'picomatch', '@modelcontextprotocol/sdk/server/index.js', '@modelcontextprotocol/sdk/server/stdio.js', '@modelcontextprotocol/sdk/types.js', 'node:fs', 'node:fs/promises', 'node:path', 'node:util', 'node:crypto', 'node:url'] },
  // Message types and their typed handles, shared by both ends of each connection.
  protocol: { layers: ['protocol'], modules: ['vscode-jsonrpc'] },
  extension: { layers: ['protocol', 'extension'], modules: ['vscode', 'vscode-languageclient/node', 'node:crypto'] },
  // Browser code: no Node, no vscode module.
  // The docs viewer sanitises every page with DOMPurify; the entity page lays out its graph with dagre.
  webview: { layers: ['protocol', 'webview'], modules: ['react', 'react-dom/client', 'react-markdown', '@dagrejs/dagre', '@rjsf/core', '@rjsf/utils', '@rjsf/validator-ajv8', 'ajv/dist/runtime/*', 'ajv-formats/dist/formats', 'fuse.js', 'dompurify', 'lowlight', 'highlight.js/lib/languages/*', 'hast'] },
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', 'test/fixtures/**', 'test/artifacts/**', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { greenroom },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'greenroom/layer-imports': ['error', { root: import.meta.dirname, layers }],
    },
  },
  // Scripts and UI tests are JavaScript with JSDoc types, type-checked by tsconfig.scripts.json. Without
  // TypeScript's inference at every call, library values (Playwright handles, parsed JSON) stay `any`
  // there, so the rules about `any` would only ask for more annotations.
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { parserOptions: { projectService: false, project: path.join(import.meta.dirname, 'tsconfig.scripts.json') } },
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  // Mocha loads reporters with require(), so the reporter is CommonJS.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['bench/**/*.ts'], rules: { 'no-console': 'off' } },
  { files: ['test/**/*.{ts,mjs}'], rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off', 'greenroom/test-focus': 'error' } },
);
