import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(__dirname, '../..');

interface ProjectConfig {
  layers: Record<string, unknown>;
  greenroom: ESLint.Plugin;
}

/** Lints `code` as the file at `file` (from the repository's root) with the project's own rules and allow-lists. */
async function problems(file: string, code: string): Promise<string[]> {
  const { layers } = (await import(path.join(root, 'eslint.config.mjs'))) as ProjectConfig;
  const { default: greenroom } = (await import(path.join(root, 'scripts/lint/greenroomRules.mjs'))) as { default: ESLint.Plugin };
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { greenroom },
        rules: { 'greenroom/layer-imports': ['error', { root, layers }], 'greenroom/test-focus': 'error' },
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((message) => message.message);
}

describe('lint rules', function () {
  this.timeout(30_000);

  it('is what eslint.config.mjs applies to every file of src and test', async () => {
    const eslint = new ESLint({ cwd: root });
    const core = (await eslint.calculateConfigForFile(path.join(root, 'src/core/catalog/catalog.ts'))) as { rules: Record<string, unknown> };
    assert.equal((core.rules['greenroom/layer-imports'] as [number])[0], 2);
    const test = (await eslint.calculateConfigForFile(path.join(root, 'test/vscode/ui/search.test.mjs'))) as { rules: Record<string, unknown> };
    assert.equal((test.rules['greenroom/test-focus'] as [number])[0], 2);
  });

  describe('the layer rule', () => {
    const refused: [string, string][] = [
      ['src/core/sample.ts', `import { readFileSync } from 'node:fs';`],
      ['src/core/sample.ts', `import { readFileSync } from 'fs';`],
      ['src/core/sample.ts', `import { homedir } from 'node:os';`],
      ['src/core/sample.ts', `export async function publish() { return import('@octokit/rest'); }`],
      ['src/core/sample.ts', `export async function start() { return import('../server/server'); }`],
      ['src/core/sample.ts', 'export async function start(name: string) { return import(name); }'],
      ['src/core/sample.ts', `export { toSummary } from '../server/catalog/entityViews';`],
      ['src/sources/sample.ts', `export const load = () => import('../extension/extension');`],
      ['src/server/sample.ts', `import * as vscode from 'vscode';`],
      ['src/server/sample.ts', `const vscode = require('vscode');`],
      ['src/extension/sample.ts', `import { Catalog } from '../core/catalog/catalog';`],
      ['src/protocol/sample.ts', `import type { Catalog } from '../core/catalog/catalog';`],
      ['src/webview/sample.ts', `import { readFile } from 'node:fs/promises';`],
    ];
    for (const [file, code] of refused) {
      it(`refuses in ${file}: ${code}`, async () => {
        assert.equal((await problems(file, code)).length, 1);
      });
    }

    it('lets each layer import what its allow-list names', async () => {
      assert.deepEqual(await problems('src/core/sample.ts', `import * as path from 'node:path';\nimport { parseDocument } from 'yaml';\nimport { Catalog } from './catalog/catalog';\nexport { path, parseDocument, Catalog };`), []);
      assert.deepEqual(await problems('src/server/sample.ts', `import { Catalog } from '../core/catalog/catalog';\nimport { SearchRequest } from '../protocol/catalogProtocol';\nexport const load = () => import('../sources/workspaceFiles');\nexport { Catalog, SearchRequest };`), []);
      assert.deepEqual(await problems('src/protocol/sample.ts', `import { RequestType } from 'vscode-jsonrpc';\nexport const Probe = new RequestType<string, string, void>('probe');`), []);
    });
  });

  describe('focused and skipped tests', () => {
    // Spelled in parts, so that the snippets below are not themselves a focused or skipped test to a reader's search.
    const only = 'only';
    const skip = 'skip';
    it('refuses a focused test, and a skipped one without a reason', async () => {
      assert.equal((await problems('test/unit/sample.test.ts', `describe.${only}('x', () => undefined);`)).length, 1);
      assert.equal((await problems('test/unit/sample.test.ts', `it.${skip}('x', () => undefined);`)).length, 1);
      assert.equal((await problems('test/unit/sample.test.ts', `it('x', function () { this.${skip}(); });`)).length, 1);
    });

    it('accepts a skip that says why, in a comment or a condition', async () => {
      assert.deepEqual(await problems('test/unit/sample.test.ts', `// Needs a GitHub token, which CI has not.\nit.${skip}('x', () => undefined);`), []);
      assert.deepEqual(await problems('test/unit/sample.test.ts', `it('x', function () { if (process.platform === 'win32') this.${skip}(); });`), []);
    });
  });
});
