import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Backstage's example catalog, as the workspace fixture holds it. */
export const EXAMPLES = path.resolve(__dirname, '../fixtures/workspace/backstage');
/** The example files the test backends read: their 60 entities (see backstage.test.ts). */
export const EXAMPLE_FILES = [path.join(EXAMPLES, 'all.yaml'), path.join(EXAMPLES, 'acme-corp.yaml')];
export const EXAMPLE_ENTITIES = 60;

export interface BackstageServer {
  baseUrl: string;
  token: string;
  logFile: string;
  timings: { readyMs: number; ingestMs: number; entities: number };
  rssBytes(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  catalogFiles: string[];
  token?: string;
  port?: number;
  expectedEntities?: number;
  processingIntervalSeconds?: number;
  ingestTimeoutMs?: number;
  /** Top-level config keys, such as integrations; `catalog` keys other than locations are kept. */
  config?: Record<string, unknown>;
  /** Locations registered after catalogFiles, as given (for example `url` targets). */
  locations?: { type: string; target: string }[];
  /** Environment variables of the backend process. */
  env?: Record<string, string>;
}

/** Starts the real backend of test/backstage/ (see scripts/backstage/backstageServer.mjs). */
export async function startBackstage(options: StartOptions): Promise<BackstageServer> {
  const module = (await import(pathToFileURL(path.resolve(__dirname, '../../scripts/backstage/backstageServer.mjs')).href)) as {
    startBackstage: (o: StartOptions) => Promise<BackstageServer>;
  };
  return module.startBackstage(options);
}

/** `n` valid Components owned by team-a, as one multi-document YAML file. */
export function generatedComponents(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: generated-${i}\n  description: Generated component ${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`,
    );
  }
  return docs.join('---\n');
}
