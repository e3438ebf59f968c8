import type { Entity } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The last catalog read in full from one Backstage instance, and when. */
export interface CachedCatalog {
  baseUrl: string;
  /** ISO time the load finished. */
  fetchedAt: string;
  entities: Entity[];
}

interface CacheHead {
  format: number;
  baseUrl: string;
  fetchedAt: string;
}

/** A head line first (format, instance, time), then the entities: a start tells whether it holds them already by the head alone. */
const FORMAT = 2;
/** A head longer than this is not one the cache wrote. */
const MAX_HEAD_BYTES = 16 * 1024;

/**
 * The last good catalog of each Backstage instance, one file per base URL, so that the tree and
 * search have something to show at once, and while Backstage is down.
 */
export class BackstageCache {
  constructor(private readonly folder: string) {}

  async read(baseUrl: string): Promise<CachedCatalog | undefined> {
    try {
      const text = await readFile(this.fileOf(baseUrl), 'utf8');
      const end = text.indexOf('\n');
      const head = end > 0 ? headOf(text.slice(0, end), baseUrl) : undefined;
      const entities = head && (JSON.parse(text.slice(end + 1)) as unknown);
      if (!head || !Array.isArray(entities)) return undefined;
      return { baseUrl, fetchedAt: head.fetchedAt, entities: entities as Entity[] };
    } catch {
      return undefined;
    }
  }

  /** When the cached catalog was read (its `fetchedAt`), from the file's head line: undefined when there is none. */
  async fetchedAt(baseUrl: string): Promise<string | undefined> {
    const handle = await open(this.fileOf(baseUrl), 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      const buffer = Buffer.alloc(MAX_HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, MAX_HEAD_BYTES, 0);
      const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
      return end > 0 ? headOf(buffer.toString('utf8', 0, end), baseUrl)?.fetchedAt : undefined;
    } catch {
      return undefined;
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /** Replaces the instance's cache; a reader never sees half a file. */
  async write(cached: CachedCatalog): Promise<void> {
    const file = this.fileOf(cached.baseUrl);
    await mkdir(this.folder, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    const head: CacheHead = { format: FORMAT, baseUrl: cached.baseUrl, fetchedAt: cached.fetchedAt };
    await writeFile(partial, `${JSON.stringify(head)}\n${JSON.stringify(cached.entities)}`);
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

/** The head line, if it is this format's and this instance's (another instance may hash alike). */
function headOf(line: string, baseUrl: string): CacheHead | undefined {
  try {
    const head = JSON.parse(line) as Partial<CacheHead>;
    return head.format === FORMAT && head.baseUrl === baseUrl && typeof head.fetchedAt === 'string' ? (head as CacheHead) : undefined;
  } catch {
    return undefined;
  }
}
