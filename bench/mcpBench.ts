// `greenroom mcp` on a generated 10,000-entity catalog, driven by the MCP SDK's client over stdio as an
// agent drives it: the time to the first answer (reading and indexing the catalog), then per tool call.
// Merges its figures into bench/results.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mergeResults, percentile } from './benchStats';
import { startMcp, timeToolCalls, writeGeneratedCatalog } from './mcpSession';

const ENTITIES = 10_000;
const ROUNDS = 50;

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'greenroom-mcp-10k-'));
  writeGeneratedCatalog(folder, ENTITIES);
  const started = performance.now();
  const client = await startMcp(folder);
  try {
    await client.callTool({ name: 'search_catalog', arguments: { query: 'artist' } });
    const firstSeconds = (performance.now() - started) / 1000;
    const samples = await timeToolCalls(client, ROUNDS);
    const all = [...samples.values()].flat();
    print(`\ngreenroom mcp, ${ENTITIES} entities: first answer after ${firstSeconds.toFixed(1)} s (reads and indexes the catalog)`);
    for (const [name, times] of samples) print(`  ${name.padEnd(18)} p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
    const p95 = percentile(all, 95);
    print(`  every tool call (${all.length}): p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target: 20 ms)`);
    mergeResults([
      { name: 'mcp.first_answer.10k_s', value: round(firstSeconds), unit: 's' },
      { name: 'mcp.tool_call.10k.p95_ms', value: round(p95), unit: 'ms' },
    ]);
  } finally {
    await client.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

void main();
