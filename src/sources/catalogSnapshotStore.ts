// The workspace catalog and its search index as last saved (after a load, and when files changed): one file per workspace, read
// back at the speed of reading it (JSON for the catalog, the search postings as raw arrays), checked before use.
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CatalogSnapshot } from '../core/catalog/catalog';
import type { SearchIndexSnapshot } from '../core/search/catalogSearch';
import { catalogSnapshotOf, isSearchIndexSnapshot, savedFile } from '../core/catalog/snapshotShape';

export interface SavedCatalog {
  catalog: CatalogSnapshot;
  search?: SearchIndexSnapshot;
}

/** A saved catalog as read: its search index is decoded (and checked) only when asked for, after the tree showed. */
export interface ReadCatalog {
  catalog: CatalogSnapshot;
  /** The saved index, or undefined when there is none or it does not check out. */
  search: () => SearchIndexSnapshot | undefined;
}

/** The running code, by its file's time and size: a catalog saved by another build is read afresh, as it may read files differently. */
export function codeVersion(): string {
  const code = statSync(__filename);
  return `${code.mtimeMs}:${code.size}`;
}

/** Raised whenever the layout changes: a file of another format is ignored. */
const FORMAT = 2;
const MAGIC = 'GRCS';
/** Past this, a file is not read at all: far beyond a 100,000-entity catalog. */
const MAX_BYTES = 1024 * 1024 * 1024;
/** `GRCS`, the format, the catalog JSON's length, the search JSON's length, the file's length. */
const HEAD_BYTES = 24;
const ARRAYS = ['lengths', 'weights', 'keys', 'sizes', 'postings'] as const;
const TYPES = { lengths: Uint8Array, weights: Float32Array, keys: Uint32Array, sizes: Uint32Array, postings: Uint32Array };

/**
 * Saved catalogs in a folder of the editor's storage, one per workspace `key` (its folders and settings). A file
 * is `GRCS`, the format, the lengths of its two JSON parts and the file's, the catalog's JSON, the search index's
 * JSON, then the search arrays; anything that does not check out (another format or workspace, a cut or grown
 * file, JSON that does not parse, a shape the catalog never writes, a path outside the workspace) is ignored and
 * the catalog is read from disk as on a first start; search arrays that do not fit together are ignored and the
 * index is built from the catalog.
 */
export class CatalogSnapshotStore {
  constructor(
    private readonly folder: string,
    private readonly workspace: string,
    private readonly key: string,
    private readonly isInsideFolders: (file: string) => boolean,
  ) {}

  private writing: Promise<unknown> = Promise.resolve();

  async read(): Promise<ReadCatalog | undefined> {
    try {
      const bytes = await readFile(this.file());
      if (bytes.length > MAX_BYTES || bytes.length < HEAD_BYTES || bytes.toString('latin1', 0, 4) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) return undefined;
      // A file cut short or grown is not the one written.
      const catalogLength = bytes.readUInt32LE(8);
      const searchLength = bytes.readUInt32LE(12);
      if (bytes.readDoubleLE(16) !== bytes.length || HEAD_BYTES + catalogLength + searchLength > bytes.length) return undefined;
      const header = JSON.parse(bytes.toString('utf8', HEAD_BYTES, HEAD_BYTES + catalogLength)) as { key?: unknown; catalog?: unknown };
      const catalog = header.key === this.key ? catalogSnapshotOf(header.catalog, this.isInsideFolders) : undefined;
      if (!catalog) return undefined;
      // The file's buffer stays until the search index is decoded (its arrays are copied out then).
      const search = searchLength > 0 ? bytes.subarray(HEAD_BYTES + catalogLength) : undefined;
      return { catalog, search: () => (search ? searchOf(search, searchLength) : undefined) };
    } catch {
      return undefined;
    }
  }

  /**
   * Replaces the saved catalog; a reader never sees half a file. The JSON is written a slice of files and documents
   * at a time, between turns of the event loop: requests are answered while tens of megabytes are serialised.
   */
  write(saved: SavedCatalog): Promise<void> {
    // One at a time, in call order: a write started later, of a later catalog, is never overtaken by an earlier one.
    const run = this.writing.then(() => this.writeNow(saved));
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeNow(saved: SavedCatalog): Promise<void> {
    const arrays = saved.search ? ARRAYS.map((name) => saved.search!.trigrams[name]) : [];
    const { files, ...rest } = saved.catalog;
    const catalog = Buffer.concat([
      Buffer.from(`{"key":${JSON.stringify(this.key)},"catalog":{"files":`),
      ...(await arrayInSlices(files, (file) => JSON.stringify(savedFile(file)))),
      Buffer.from(`,${JSON.stringify(rest).slice(1)}}`),
    ]);
    const search = saved.search
      ? Buffer.concat([
          Buffer.from('{"documents":'),
          ...(await arrayInSlices(saved.search.documents, (doc) => JSON.stringify(doc))),
          Buffer.from(',"items":'),
          ...(await arrayInSlices(saved.search.trigrams.items, (items) => JSON.stringify(items))),
          Buffer.from(`,"freeIds":${JSON.stringify(saved.search.freeIds)},"arrays":${JSON.stringify(arrays.map((array) => array.byteLength))}}`),
        ])
      : Buffer.alloc(0);
    // Each array starts on a multiple of 4 bytes from the search JSON's end.
    const body = [catalog, search, ...arrays.flatMap((array) => [Buffer.from(array.buffer, array.byteOffset, array.byteLength), Buffer.alloc((4 - (array.byteLength % 4)) % 4)])];
    const head = Buffer.alloc(HEAD_BYTES);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(FORMAT, 4);
    head.writeUInt32LE(catalog.length, 8);
    head.writeUInt32LE(search.length, 12);
    head.writeDoubleLE(HEAD_BYTES + body.reduce((sum, part) => sum + part.length, 0), 16);
    await mkdir(this.folder, { recursive: true });
    // A name of its own per write (two saves at once never share one); what another server left mid-write goes first.
    const base = path.basename(this.file());
    const stray = (name: string) => name.startsWith(`${base}.`) && name.endsWith('.partial') && !name.startsWith(`${base}.${process.pid}-`);
    for (const name of await readdir(this.folder)) if (stray(name)) await rm(path.join(this.folder, name), { force: true });
    const partial = `${this.file()}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
    await writeFile(partial, Buffer.concat([head, ...body]));
    await rename(partial, this.file());
  }

  /** After any write under way: one that ended later would put the file back. */
  async remove(): Promise<void> {
    const run = this.writing.then(() => rm(this.file(), { force: true }));
    this.writing = run.catch(() => undefined);
    await run;
  }

  private file(): string {
    const id = createHash('sha256').update(this.workspace).digest('hex').slice(0, 16);
    return path.join(this.folder, `workspace-catalog-${id}.bin`);
  }
}

/** Items serialised between two turns of the event loop. */
const SLICE = 500;

/** A JSON array of `items`, each as `json` gives it, built SLICE items at a time. */
async function arrayInSlices<T>(items: readonly T[], json: (item: T) => string): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for (let start = 0; start < items.length; start += SLICE) {
    parts.push(
      Buffer.from(
        (start === 0 ? '' : ',') +
          items
            .slice(start, start + SLICE)
            .map(json)
            .join(','),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  return [Buffer.from('['), ...parts, Buffer.from(']')];
}

/** The search index's part (its JSON, `jsonLength` bytes, then its arrays), or undefined when it does not check out. */
function searchOf(bytes: Buffer, jsonLength: number): SearchIndexSnapshot | undefined {
  try {
    const header = JSON.parse(bytes.toString('utf8', 0, jsonLength)) as ({ arrays?: unknown } & Record<string, unknown>) | null;
    const sizes = header?.arrays;
    if (!Array.isArray(sizes) || sizes.length !== ARRAYS.length || !sizes.every((size) => Number.isSafeInteger(size) && size >= 0)) return undefined;
    const trigrams: Record<string, unknown> = { items: header!.items };
    let at = jsonLength;
    for (const [index, name] of ARRAYS.entries()) {
      const size = sizes[index] as number;
      const type = TYPES[name];
      if (size % type.BYTES_PER_ELEMENT !== 0 || at + size > bytes.length) return undefined;
      // Copied out: a typed array over the buffer would need its offset aligned.
      const copy = new Uint8Array(size);
      copy.set(bytes.subarray(at, at + size));
      trigrams[name] = new type(copy.buffer);
      at += size + ((4 - (size % 4)) % 4);
    }
    const search = { documents: header!.documents, freeIds: header!.freeIds, trigrams };
    return isSearchIndexSnapshot(search) ? search : undefined;
  } catch {
    return undefined;
  }
}
