import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CATALOG_TOOLS } from '../../src/agents/tools';

interface ContributedTool {
  name: string;
  toolReferenceName: string;
  modelDescription: string;
  inputSchema: unknown;
}

const contributed = (JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { contributes: { languageModelTools: ContributedTool[] } }).contributes.languageModelTools;

describe("VS Code's language-model tools (package.json)", () => {
  it('are the catalog tools, with the same descriptions and input schemas as greenroom mcp serves', () => {
    assert.deepEqual(
      contributed.map((tool) => [tool.name, tool.modelDescription, tool.inputSchema]),
      CATALOG_TOOLS.map((tool) => [`greenroom_${tool.name}`, tool.description, tool.inputSchema]),
    );
  });

  it('can each be referenced in chat by a name of its own', () => {
    const names = contributed.map((tool) => tool.toolReferenceName);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.every((name) => /^greenroom[A-Z]\w+$/.test(name)), names.join(', '));
  });
});
