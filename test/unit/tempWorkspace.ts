import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Catalog, type CatalogOptions } from '../../src/core/catalog/catalog';
import { WorkspaceFiles } from '../../src/sources/workspaceFiles';

/** A throw-away workspace folder whose files a test writes, with a catalog over it. */
export class TempWorkspace {
  readonly root = mkdtempSync(path.join(tmpdir(), 'greenroom-unit-'));

  constructor(files: Record<string, string> = {}, private readonly include: string[] = [], private readonly exclude: string[] = []) {
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  path(name: string): string {
    return path.join(this.root, name);
  }

  write(name: string, text: string | Buffer): string {
    const file = this.path(name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  remove(name: string): string {
    const file = this.path(name);
    rmSync(file, { force: true });
    return file;
  }

  removeDir(name: string): void {
    rmSync(this.path(name), { recursive: true, force: true });
  }

  async catalog(options: CatalogOptions = {}): Promise<Catalog> {
    const catalog = new Catalog(new WorkspaceFiles([{ folder: this.root, include: this.include, exclude: this.exclude }]), options);
    await catalog.load();
    return catalog;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A minimal valid entity document. */
export function component(name: string, spec: Record<string, unknown> = {}): string {
  const lines = ['apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', `  name: ${name}`, 'spec:'];
  const fields = { type: 'service', lifecycle: 'production', owner: 'team-a', ...spec };
  for (const [key, value] of Object.entries(fields)) lines.push(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${lines.join('\n')}\n`;
}
