// The workspace catalog and its search index as last saved (after a load, and when files changed): one file per workspace, read
// back at the speed of reading it (a small preview first, the catalog's files in slices, the search postings as raw arrays), checked before use.
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { CatalogSnapshot } from '../core/catalog/catalog';
import type { SearchIndexSnapshot } from '../core/search/catalogSearch';
import type { SearchDocument } from '../core/search/searchDocument';
import type { CatalogFile } from '../core/catalog/catalogFile';
import type { BackstageInstance } from '../core/backstage/backstageInstance';
import { catalogSnapshotOf, isSearchDocument, isSearchIndexSnapshot, savedFilesOf, savedParts } from '../core/catalog/snapshotShape';

export interface SavedCatalog {
  catalog: CatalogSnapshot;
  search?: SearchIndexSnapshot;
  /** What the tree and search first ask, answered before the catalog is decoded; left out when it would not hold. */
  preview?: SavedPreview;
}

/** A preview as written: JSON the server reads back (and checks), and one JSON value per entity, read one at a time. */
export interface SavedPreview {
  value: unknown;
  /** Each entity's value by its key (its ref in lower case): only those a search returns are decoded. */
  entries: readonly (readonly [string, unknown])[];
}

/** A saved catalog as read: the preview at once, the catalog decoded a slice of files at a time, the search index when asked. */
export interface ReadCatalog {
  /** The preview's value and its entries by key, once they are read (undefined for a key not there or an entry that does not parse). */
  preview?: { value: unknown; entry: (key: string) => Promise<unknown> };
  /**
   * Whether the search index's part was read: it is read first while the preview answers, then the preview's entries (while
   * the index is decoded), then the catalog's part, which the first search does not wait for.
   */
  searchable: Promise<boolean>;
  /** The saved catalog, checked, or undefined when it does not check out; requests are answered between its slices. */
  catalog: () => Promise<CatalogSnapshot | undefined>;
  /** The saved index, or undefined when there is none or it does not check out (or before `searchable`). */
  search: () => SearchIndexSnapshot | undefined;
}

/** The running code, by its file's time and size: a catalog saved by another build is read afresh, as it may read files differently. */
export function codeVersion(): string {
  const code = statSync(__filename);
  return `${code.mtimeMs}:${code.size}`;
}

/** Raised whenever the layout changes: a file of another format is ignored. */
const FORMAT = 6;
const MAGIC = 'GRCS';
/** Past this, a file is not read at all: far beyond a 100,000-entity catalog. */
const MAX_BYTES = 1024 * 1024 * 1024;
/** `GRCS`, the format, the lengths of the preview's JSON, its entries, the catalog's part and the search JSON, the file's length. */
const HEAD_BYTES = 32;
/** The trigram index's arrays, then each document's end in the documents' JSON, and that JSON, one document after another. */
const ARRAYS = ['itemCounts', 'lengths', 'weights', 'keys', 'sizes', 'postings', 'documentEnds', 'documents'] as const;
const TYPES = { itemCounts: Uint8Array, lengths: Uint8Array, weights: Float32Array, keys: Uint32Array, sizes: Uint32Array, postings: Uint32Array, documentEnds: Uint32Array, documents: Uint8Array };

/**
 * Saved catalogs in a folder of the editor's storage, one per workspace `key` (its folders and settings). A file
 * is `GRCS`, the format, the lengths of its parts and the file's, then: the preview's JSON (its key, value and
 * entries' keys and ends), the entries' JSON one after the other, the catalog's part (the length of its head, the
 * head's JSON: key and the byte lengths of what follows; the catalog without its files as JSON; then each slice of
 * files, a JSON array), the search index's JSON, then the search arrays. Anything that does not check out (another
 * format or workspace, a cut or grown file, JSON that does not parse, a shape the catalog never writes, a path
 * outside the workspace) is ignored and the catalog is read from disk as on a first start; search arrays that do
 * not fit together are ignored and the index is built from the catalog.
 */
export class CatalogSnapshotStore {
  constructor(
    private readonly folder: string,
    private readonly workspace: string,
    private readonly key: string,
    private readonly isInsideFolders: (file: string) => boolean,
    /** The Backstage instances configured: a saved instance's entities are taken back only for one of them. */
    private readonly instances: readonly BackstageInstance[] = [],
  ) {}

  private writing: Promise<unknown> = Promise.resolve();

  async read(): Promise<ReadCatalog | undefined> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.file(), 'r');
      const { size } = await handle.stat();
      if (size > MAX_BYTES || size < HEAD_BYTES) return undefined;
      const head = await readPart(handle, 0, HEAD_BYTES);
      if (!head || head.toString('latin1', 0, 4) !== MAGIC || head.readUInt32LE(4) !== FORMAT) return undefined;
      // A file cut short or grown is not the one written.
      const lengths = [8, 12, 16, 20].map((at) => head.readUInt32LE(at));
      const [previewLength, entriesLength, catalogLength, searchLength] = lengths;
      if (head.readDoubleLE(24) !== size || HEAD_BYTES + lengths.reduce((sum, length) => sum + length, 0) > size || catalogLength < 4) return undefined;
      const entriesAt = HEAD_BYTES + previewLength;
      const catalogAt = entriesAt + entriesLength;
      const searchAt = catalogAt + catalogLength;
      // The search arrays start on the first multiple of 4 after the search JSON.
      const arraysAt = Math.min(size, searchAt + searchLength + ((4 - ((searchAt + searchLength) % 4)) % 4));
      const previewJson = await readPart(handle, HEAD_BYTES, entriesAt);
      if (!previewJson) return undefined;
      // A preview that does not check out is a damaged file: nothing of it is used (and nothing more read). Its entries come below.
      const preview = previewLength > 0 ? previewOf(previewJson, entriesLength, () => entries, this.key) : undefined;
      if (previewLength > 0 && !preview) return undefined;
      const reading = handle;
      handle = undefined;
      // Each part into a buffer of its own, read while the preview answers, and none copied: touching fresh memory is a good part
      // of reading it. First the search index, then the entries a search answers with (read while the index is decoded), then the catalog.
      const search = (async () => {
        const json = await readPart(reading, searchAt, searchAt + searchLength);
        // Its own buffer, on a multiple of 4 as in the file: the arrays are used where they lie, and it stays only as long as they do.
        const arrays = json && (await readPart(reading, arraysAt, size));
        return json && arrays ? { json, arrays } : undefined;
      })().catch(() => undefined);
      const entries = search.then((read) => read && readPart(reading, entriesAt, catalogAt)).catch(() => undefined);
      const catalog = entries
        .then((read) => read && readPart(reading, catalogAt, searchAt))
        .catch(() => undefined)
        .finally(() => reading.close().catch(() => undefined));
      let searchRead: { json: Buffer; arrays: Buffer } | undefined;
      const searchable = search.then((read) => (searchRead = read) !== undefined);
      return {
        preview,
        searchable,
        catalog: async () => {
          const bytes = await catalog;
          return bytes ? this.catalogOf(bytes) : undefined;
        },
        search: () => (searchRead && searchLength > 0 ? searchOf(searchRead.json, searchRead.arrays) : undefined),
      };
    } catch {
      return undefined;
    } finally {
      await handle?.close();
    }
  }

  /**
   * The catalog from its part: the head (its length, then its JSON: key and the lengths of what follows), the catalog
   * without its files, then slices of files; one part between two turns of the event loop.
   */
  private async catalogOf(bytes: Buffer): Promise<CatalogSnapshot | undefined> {
    try {
      const headLength = bytes.readUInt32LE(0);
      if (4 + headLength > bytes.length) return undefined;
      const head = JSON.parse(bytes.toString('utf8', 4, 4 + headLength)) as { key?: unknown; rest?: unknown; slices?: unknown } | null;
      const sizes = [head?.rest, ...(Array.isArray(head?.slices) ? (head.slices as unknown[]) : [])];
      if (head?.key !== this.key || !Array.isArray(head.slices) || !sizes.every((size) => Number.isSafeInteger(size) && (size as number) > 0)) return undefined;
      const [restSize, ...slices] = sizes as number[];
      if (4 + headLength + restSize + slices.reduce((sum, size) => sum + size, 0) !== bytes.length) return undefined;
      await new Promise((resolve) => setImmediate(resolve));
      let at = 4 + headLength;
      const rest = JSON.parse(bytes.toString('utf8', at, (at += restSize))) as unknown;
      const files: CatalogFile[] = [];
      for (const size of slices) {
        await new Promise((resolve) => setImmediate(resolve));
        const slice = savedFilesOf(JSON.parse(bytes.toString('utf8', at, at + size)), this.isInsideFolders, this.instances, files.at(-1));
        if (!slice) return undefined;
        for (const file of slice) files.push(file);
        at += size;
      }
      return catalogSnapshotOf(rest, files, this.isInsideFolders);
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
    const { files, ...rest } = saved.catalog;
    const entries = saved.preview ? await inSlices(saved.preview.entries, ([, value]) => JSON.stringify(value)) : [];
    const preview = saved.preview ? Buffer.from(JSON.stringify({ key: this.key, value: saved.preview.value, keys: saved.preview.entries.map(([key]) => key), ends: ends(entries) })) : Buffer.alloc(0);
    // Slices of about SLICE files and entities (a file of more in parts): each is parsed between two turns of the event loop when read back.
    const slices: Buffer[] = [];
    let slice: ReturnType<typeof savedParts> = [];
    let weight = 0;
    for (const file of files) {
      for (const part of savedParts(file, SLICE)) {
        slice.push(part);
        if ((weight += 1 + part.entities.length) < SLICE) continue;
        slices.push(Buffer.from(JSON.stringify(slice)));
        [slice, weight] = [[], 0];
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (slice.length > 0) slices.push(Buffer.from(JSON.stringify(slice)));
    const restJson = Buffer.from(JSON.stringify(rest));
    const catalogHead = Buffer.from(JSON.stringify({ key: this.key, rest: restJson.length, slices: slices.map((slice) => slice.length) }));
    const catalogHeadLength = Buffer.alloc(4);
    catalogHeadLength.writeUInt32LE(catalogHead.length);
    const catalog = Buffer.concat([catalogHeadLength, catalogHead, restJson, ...slices]);
    const arrays = saved.search && (await searchArrays(saved.search));
    const search = saved.search && arrays ? Buffer.from(JSON.stringify({ refs: saved.search.refs, freeIds: saved.search.freeIds, arrays: arrays.map((array) => array.byteLength) })) : Buffer.alloc(0);
    const entriesPart = Buffer.concat(entries);
    // Each array starts on a multiple of 4 bytes from the file's start: read back, it is used where it lies.
    const searchEnd = HEAD_BYTES + preview.length + entriesPart.length + catalog.length + search.length;
    const body = [
      preview,
      entriesPart,
      catalog,
      search,
      Buffer.alloc((4 - (searchEnd % 4)) % 4),
      ...(arrays ?? []).flatMap((array) => [Buffer.from(array.buffer, array.byteOffset, array.byteLength), Buffer.alloc((4 - (array.byteLength % 4)) % 4)]),
    ];
    const head = Buffer.alloc(HEAD_BYTES);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(FORMAT, 4);
    [preview, entriesPart, catalog, search].forEach((part, index) => head.writeUInt32LE(part.length, 8 + 4 * index));
    head.writeDoubleLE(HEAD_BYTES + body.reduce((sum, part) => sum + part.length, 0), 24);
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

/** The file's bytes `from`–`to`, in a buffer of their own; undefined when the file ends before. */
async function readPart(handle: FileHandle, from: number, to: number): Promise<Buffer | undefined> {
  const bytes = Buffer.allocUnsafeSlow(to - from);
  for (let at = 0; at < bytes.length;) {
    const { bytesRead } = await handle.read(bytes, at, bytes.length - at, from + at);
    if (bytesRead === 0) return undefined;
    at += bytesRead;
  }
  return bytes;
}

/**
 * The search index's arrays as written: the trigram index's, then the documents' ends and their JSON (built in slices);
 * undefined when a document does not check out, the file then written without a search index (the server's snapshot
 * decodes and checks its saved documents first, so this only guards another caller).
 */
async function searchArrays(search: SearchIndexSnapshot): Promise<ArrayBufferView[] | undefined> {
  const ids = Array.from(search.refs.keys());
  let whole = true;
  const documents = await inSlices(ids, (id) => {
    const doc = search.refs[id] === null ? undefined : search.document(id);
    whole &&= search.refs[id] === null || doc !== undefined;
    return doc ? JSON.stringify(doc) : '';
  });
  if (!whole) return undefined;
  const named = { ...search.trigrams, documentEnds: Uint32Array.from(ends(documents)), documents: Buffer.concat(documents) };
  return ARRAYS.map((name) => named[name]);
}

/** Items serialised between two turns of the event loop. */
const SLICE = 500;

/** Each of `items` as `json` gives it, SLICE items between two turns of the event loop. */
async function inSlices<T>(items: readonly T[], json: (item: T) => string): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for (let start = 0; start < items.length; start += SLICE) {
    for (const item of items.slice(start, start + SLICE)) parts.push(Buffer.from(json(item)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return parts;
}

/** Where each part ends, counted from the first's start. */
function ends(parts: readonly Buffer[]): number[] {
  let at = 0;
  return parts.map((part) => (at += part.length));
}

/** The preview from its JSON, when its key is `key` and its entries' ends fit the entries' part (`entriesLength` bytes, as `entries()` reads them). */
function previewOf(json: Buffer, entriesLength: number, entries: () => Promise<Buffer | undefined>, key: string): ReadCatalog['preview'] {
  const saved = JSON.parse(json.toString('utf8')) as { key?: unknown; value?: unknown; keys?: unknown; ends?: unknown } | null;
  const { keys, ends: entryEnds } = saved ?? {};
  if (saved?.key !== key || !Array.isArray(keys) || !Array.isArray(entryEnds) || keys.length !== entryEnds.length) return undefined;
  const at = new Map<string, [number, number]>();
  let start = 0;
  for (const [index, end] of (entryEnds as unknown[]).entries()) {
    if (!Number.isSafeInteger(end) || (end as number) < start || typeof keys[index] !== 'string') return undefined;
    at.set(keys[index], [start, end as number]);
    start = end as number;
  }
  if (start !== entriesLength) return undefined;
  return {
    value: saved.value,
    entry: async (name) => {
      const bytes = await entries();
      const span = at.get(name);
      if (!bytes || !span) return undefined;
      try {
        return JSON.parse(bytes.toString('utf8', span[0], span[1])) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

/** The search index from its JSON and its arrays' part (a buffer of its own, so that each array lies on its element size), or undefined when it does not check out. */
function searchOf(json: Buffer, arrays: Buffer): SearchIndexSnapshot | undefined {
  try {
    const header = JSON.parse(json.toString('utf8')) as ({ arrays?: unknown } & Record<string, unknown>) | null;
    const sizes = header?.arrays;
    if (!Array.isArray(sizes) || sizes.length !== ARRAYS.length || !sizes.every((size) => Number.isSafeInteger(size) && size >= 0)) return undefined;
    const trigrams: Record<string, unknown> = {};
    let at = 0;
    for (const [index, name] of ARRAYS.entries()) {
      const size = sizes[index] as number;
      const type = TYPES[name];
      if (size % type.BYTES_PER_ELEMENT !== 0 || at + size > arrays.length) return undefined;
      // Where it lies, as written on a multiple of 4 bytes: the index takes its postings as they are.
      trigrams[name] = new type(arrays.buffer as ArrayBuffer, arrays.byteOffset + at, size / type.BYTES_PER_ELEMENT);
      at += size + ((4 - (size % 4)) % 4);
    }
    const { documentEnds, documents, ...rest } = trigrams as { documentEnds: Uint32Array; documents: Uint8Array } & Record<string, unknown>;
    const refs = header!.refs;
    if (!Array.isArray(refs) || documentEnds.length !== refs.length) return undefined;
    const search = { refs, document: documentOf(documents, documentEnds), freeIds: header!.freeIds, trigrams: rest };
    return isSearchIndexSnapshot(search) ? search : undefined;
  } catch {
    return undefined;
  }
}

/** A saved document by id, decoded and checked when a search first ranks it: undefined when it does not parse or check out. */
function documentOf(documents: Uint8Array, ends: Uint32Array): (id: number) => SearchDocument | undefined {
  const text = Buffer.from(documents.buffer, documents.byteOffset, documents.byteLength);
  return (id) => {
    const start = id === 0 ? 0 : ends[id - 1];
    try {
      const doc = start <= ends[id] && ends[id] <= text.length ? (JSON.parse(text.toString('utf8', start, ends[id])) as unknown) : undefined;
      return isSearchDocument(doc) ? doc : undefined;
    } catch {
      return undefined;
    }
  };
}
