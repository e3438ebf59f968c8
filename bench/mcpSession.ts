// `greenroom mcp` driven by the MCP SDK's own client over stdio, and the tool-call mix that the
// test and the benchmark time on a generated catalog.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { stringify } from 'yaml';
import { generateCatalog } from './generateCatalog';

const CLI = path.resolve(__dirname, '../dist/cli.js');

/** Starts `node dist/cli.js mcp --workspace FOLDER` and connects the SDK's client to it. */
export async function startMcp(folder: string, args: string[] = [], env: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'greenroom-test', version: '1.0.0' });
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--workspace', folder, ...args], env: { ...inherited, ...env }, stderr: 'pipe' }));
  return client;
}

/** Writes `count` generated entities, 100 to a part-N/catalog-info.yaml, and a template with a skeleton. */
export function writeGeneratedCatalog(folder: string, count: number): void {
  const entities = generateCatalog(count);
  for (let i = 0; i < entities.length; i += 100) {
    mkdirSync(path.join(folder, `part-${i / 100}`), { recursive: true });
    writeFileSync(path.join(folder, `part-${i / 100}`, 'catalog-info.yaml'), entities.slice(i, i + 100).map((entity) => stringify(entity)).join('---\n'));
  }
}

/** The calls timed per tool: questions an agent asks, on entities the generated catalog holds. */
export function toolCallMix(round: number): { name: string; arguments: Record<string, unknown> }[] {
  const part = round % 100;
  return [
    { name: 'search_catalog', arguments: { query: ['artst lookp', 'payment service', 'grafana', 'invoice api', 'kafka'][round % 5] } },
    { name: 'search_catalog', arguments: { kinds: ['component'], owner: 'team-a', limit: 20 } },
    { name: 'get_entity', arguments: { ref: 'component:default/artist-lookup' } },
    { name: 'who_owns', arguments: { path: `part-${part}/src/main.ts` } },
    { name: 'get_relations', arguments: { ref: 'group:default/team-a', depth: 2 } },
    { name: 'find_people', arguments: { tech: ['kafka', 'java', 'postgres'][round % 3] } },
    { name: 'find_people', arguments: { group: 'team-a' } },
    { name: 'list_templates', arguments: {} },
    { name: 'validate_catalog', arguments: { text: `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: new-service-${round}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n` } },
    { name: 'validate_catalog', arguments: { path: `part-${part}/catalog-info.yaml` } },
  ];
}

/** Times each call of `rounds` rounds of the mix, in milliseconds, by tool name. */
export async function timeToolCalls(client: Client, rounds: number): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const call of toolCallMix(round)) {
      const started = performance.now();
      const result = await client.callTool(call);
      const ms = performance.now() - started;
      if (result.isError) throw new Error(`${call.name} failed: ${JSON.stringify(result.content)}`);
      samples.set(call.name, [...(samples.get(call.name) ?? []), ms]);
    }
  }
  return samples;
}
