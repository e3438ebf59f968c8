// Lint rules, including the layer rule: folders under src/ are layers and imports point one way only.
import tseslint from 'typescript-eslint';

/** For each layer, the other layers (and modules) it must not import. */
const layers = {
  core: { layers: ['agents', 'sources', 'server', 'cli', 'protocol', 'extension', 'webview'], modules: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', 'node:fs', 'fs', 'node:fs/promises', 'fs/promises', 'node:child_process', 'node:http', 'node:https'] },
  sources: { layers: ['agents', 'server', 'cli', 'protocol', 'extension', 'webview'], modules: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'] },
  agents: { layers: ['server', 'cli', 'protocol', 'extension', 'webview'], modules: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', '@modelcontextprotocol/*'] },
  server: { layers: ['cli', 'extension', 'webview'], modules: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*'] },
  cli: { layers: ['server', 'protocol', 'extension', 'webview'], modules: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'] },
  protocol: { layers: ['agents', 'core', 'sources', 'server', 'cli', 'extension', 'webview'], modules: ['*'] },
  extension: { layers: ['agents', 'core', 'sources', 'server', 'cli', 'webview'], modules: ['vscode-languageserver', 'vscode-languageserver/*'] },
  webview: { layers: ['agents', 'core', 'sources', 'server', 'cli', 'extension'], modules: ['vscode', 'vscode-languageserver', 'vscode-languageclient'] },
};

const layerRules = Object.entries(layers).map(([layer, { layers: forbidden, modules }]) => ({
  files: [`src/${layer}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          // The MCP SDK's own folders (sdk/server, sdk/client) are a library's, not layers.
          { group: [...forbidden.map((other) => `**/${other}/**`), '!@modelcontextprotocol/sdk/**'], message: `src/${layer} may not import from ${forbidden.join(', ')} (see docs/ARCHITECTURE.md, Layers).` },
          ...(layer === 'protocol'
            ? [{ regex: '^[^.]', message: 'src/protocol holds plain types only: it imports nothing.' }]
            : [{ group: modules, message: `src/${layer} may not use this module (see docs/ARCHITECTURE.md, Layers).` }]),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', 'test/fixtures/**', 'test/artifacts/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['test/**/*.ts'], rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' } },
  ...layerRules,
);
