import type { Entity } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The last catalog read in full from one Backstage instance, and when. */
export interface CachedCatalog {
  baseUrl: string;
  /** ISO time the load finished. */
  fetchedAt: string;
  entities: Entity[];
}

const FORMAT = 1;

/**
 * The last good catalog of each Backstage instance, one file per base URL, so that the tree and
 * search have something to show at once, and while Backstage is down.
 */
export class BackstageCache {
  constructor(private readonly folder: string) {}

  async read(baseUrl: string): Promise<CachedCatalog | undefined> {
    try {
      const saved = JSON.parse(await readFile(this.fileOf(baseUrl), 'utf8')) as Partial<CachedCatalog> & { format?: number };
      // A file of another format, or of another instance that hashed alike, is not this instance's cache.
      if (saved.format !== FORMAT || saved.baseUrl !== baseUrl || !Array.isArray(saved.entities) || typeof saved.fetchedAt !== 'string') return undefined;
      return { baseUrl, fetchedAt: saved.fetchedAt, entities: saved.entities };
    } catch {
      return undefined;
    }
  }

  /** Replaces the instance's cache; a reader never sees half a file. */
  async write(cached: CachedCatalog): Promise<void> {
    const file = this.fileOf(cached.baseUrl);
    await mkdir(this.folder, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, JSON.stringify({ format: FORMAT, ...cached }));
    await rename(partial, file);
  }

  async remove(baseUrl: string): Promise<void> {
    await rm(this.fileOf(baseUrl), { force: true });
  }

  private fileOf(baseUrl: string): string {
    const id = createHash('sha256').update(baseUrl).digest('hex').slice(0, 16);
    return path.join(this.folder, `backstage-catalog-${id}.json`);
  }
}
