import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Catalog } from '../../../src/core/catalog/catalog';
import { readCatalogFile } from '../../../src/core/catalog/catalogFile';
import type { CatalogFileReader } from '../../../src/core/catalog/catalog';
import { readOnDisk } from '../../../src/sources/diskReads';
import { WorkspaceFiles } from '../../../src/sources/workspaceFiles';
import { component } from '../tempWorkspace';

// A parse worker reads catalog files itself: only a plain regular file inside the workspace, read with the checks the
// server's thread makes; anything else is left to that thread, which says why it is not read.

const LIMIT = 1024 * 1024;

describe('catalog files read on a parse worker', () => {
  const parent = realpathSync(mkdtempSync(path.join(tmpdir(), 'greenroom-disk-')));
  const workspace = path.join(parent, 'workspace');
  const outside = path.join(parent, 'outside');
  const within = [workspace];
  const write = (file: string, text: string | Buffer) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  before(() => {
    write(path.join(workspace, 'a', 'catalog-info.yaml'), component('a'));
    write(path.join(outside, 'catalog-info.yaml'), component('outsider'));
    symlinkSync(path.join(outside, 'catalog-info.yaml'), path.join(workspace, 'link.yaml'));
    symlinkSync(outside, path.join(workspace, 'linked-folder'));
    write(path.join(workspace, 'empty.yaml'), '');
    write(path.join(workspace, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    execFileSync('mkfifo', [path.join(workspace, 'fifo.yaml')]);
  });
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('reads a regular file inside the workspace, with the stamp the server thread would give it', async () => {
    const file = path.join(workspace, 'a', 'catalog-info.yaml');
    const read = readOnDisk({ path: file, within }, LIMIT);
    assert.equal(read?.text, component('a'));
    const onThread = await new WorkspaceFiles([{ folder: workspace, include: [], exclude: [] }]).readFile(file);
    assert.ok(onThread.ok);
    assert.equal(read?.stamp, onThread.stamp);
    assert.equal(read?.stamp, `${statSync(file).mtimeMs}:${statSync(file).size}`);
  });

  it('leaves to the server thread links leading outside, missing, empty, binary and FIFO files, without blocking', () => {
    for (const name of ['link.yaml', 'linked-folder/catalog-info.yaml', 'missing.yaml', 'empty.yaml', 'binary.yaml', 'fifo.yaml']) {
      assert.equal(readOnDisk({ path: path.join(workspace, name), within }, LIMIT), undefined, name);
    }
    assert.equal(readOnDisk({ path: path.join(outside, 'catalog-info.yaml'), within }, LIMIT), undefined, 'a file outside the folders');
    assert.equal(readOnDisk({ path: path.join(workspace, 'a', 'catalog-info.yaml'), within }, 10), undefined, 'a file over the size asked for');
  });

  it('takes an editor’s text over the disk, and keeps the stamp of a file read elsewhere for the saved catalog', async () => {
    const source = new WorkspaceFiles([{ folder: workspace, include: [], exclude: [] }]);
    const elsewhere: string[] = [];
    // Reads as a parse worker does: through the disk when the catalog allows it, through the catalog's source otherwise.
    const reader: CatalogFileReader = async (catalogSource, file, options) => {
      const disk = await catalogSource.onDisk?.(file);
      const read = disk && readOnDisk(disk, LIMIT);
      if (!read) return readCatalogFile(catalogSource, file, options);
      elsewhere.push(path.basename(path.dirname(file)));
      catalogSource.readElsewhere?.(file, read.stamp);
      const readFile = (other: string) => (other === file ? Promise.resolve({ ok: true as const, ...read }) : catalogSource.readFile(other));
      return readCatalogFile({ ...catalogSource, readFile }, file, options);
    };
    write(path.join(workspace, 'b', 'catalog-info.yaml'), component('b'));
    const catalog = new Catalog(source, { readCatalogFile: reader });
    await catalog.setOpenText(path.join(workspace, 'b', 'catalog-info.yaml'), component('b-in-editor'));
    const before = catalog.fileReads;
    await catalog.load();
    assert.equal(catalog.fileReads - before, 2, 'the file read elsewhere counts as read');
    assert.deepEqual(elsewhere, ['a'], 'only the file no editor holds is read from disk');
    assert.ok(catalog.entity('component:default/b-in-editor'));
    assert.equal(catalog.entity('component:default/b'), undefined);
    const stamps = new Map((await catalog.snapshot()).stamps);
    const file = path.join(workspace, 'a', 'catalog-info.yaml');
    assert.equal(stamps.get(file), `${statSync(file).mtimeMs}:${statSync(file).size}`);
  });
});
