import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EntityGroupSummary, EntitySummary } from '../../src/protocol/catalogProtocol';
import { component } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';

// A load of many files reads and parses them on the parse workers, many to a job. Whatever a file holds, it comes out as
// it does when the server's own thread reads it, and an editor's unsaved text still wins over the disk.

const FILES = 40;
const name = (index: number) => `part-${String(index).padStart(2, '0')}`;

describe('a load of many files, read on the parse workers', function () {
  this.timeout(60_000);
  const parent = mkdtempSync(path.join(tmpdir(), 'greenroom-workers-'));
  const workspace = path.join(parent, 'workspace');
  const outside = path.join(parent, 'outside');
  let client: LspClient;

  const write = (relative: string, text: string | Buffer) => {
    const file = path.join(workspace, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const components = async (): Promise<string[]> => {
    const groups = await client.request<EntityGroupSummary[]>('greenroom/entityGroups', { groupBy: 'kind' });
    const key = groups.find((group) => group.label === 'Components')?.key;
    const entities = key === undefined ? [] : await client.request<EntitySummary[]>('greenroom/groupEntities', { groupBy: 'kind', key });
    return entities.map((entity) => entity.name).sort();
  };

  before(async () => {
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'catalog-info.yaml'), component('outsider'));
    for (let i = 0; i < FILES; i++) write(`${name(i)}/catalog-info.yaml`, component(name(i)));
    // Over the size a worker parses among others: read again on the server's thread and parsed as a job of its own.
    write('large/catalog-info.yaml', Array.from({ length: 500 }, (_, i) => component(`large-${i}`, { description: 'x'.repeat(80) })).join('---\n'));
    write('broken/catalog-info.yaml', `${component('broken-first')}---\nkind: [unclosed\n`);
    write('binary/catalog-info.yaml', Buffer.from([0x61, 0x00, 0x62]));
    write('empty/catalog-info.yaml', '');
    // A folder that is a link to outside the workspace: nothing below it is read.
    symlinkSync(outside, path.join(workspace, 'linked'));
    client = new LspClient();
    await client.initialize(workspace);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load', 50_000);
  });

  after(async () => {
    await client.dispose();
    rmSync(parent, { recursive: true, force: true });
  });

  it('reads every file as the server thread does: entities, a large file, syntax errors, a binary file, nothing from outside', async () => {
    const names = await components();
    for (let i = 0; i < FILES; i++) assert.ok(names.includes(name(i)), `${name(i)} is listed`);
    assert.equal(names.filter((entity) => entity.startsWith('large-')).length, 500);
    assert.ok(names.includes('broken-first'));
    assert.ok(!names.includes('outsider'), 'nothing is read through a link leading outside');
    await client.waitFor(() => client.diagnostics.has(path.join(workspace, 'binary/catalog-info.yaml')), 'the binary file’s problem');
    assert.match(client.diagnostics.get(path.join(workspace, 'binary/catalog-info.yaml'))![0].message, /binary/);
    const broken = client.diagnostics.get(path.join(workspace, 'broken/catalog-info.yaml')) ?? [];
    assert.ok(
      broken.some((problem) => /YAML error/.test(problem.message) && problem.range.start.line === 10),
      `a YAML error on the broken document's line: ${JSON.stringify(broken)}`,
    );
  });

  it('reads an open editor’s unsaved text, not the disk, when the whole workspace is read again', async () => {
    const file = path.join(workspace, name(7), 'catalog-info.yaml');
    await client.open(file, component('renamed-in-editor'));
    await client.waitFor(() => client.catalogVersion >= 1, 'the edit');
    const version = client.catalogVersion;
    await client.request('greenroom/reload');
    await client.waitFor(() => client.catalogVersion > version, 'the reload');
    const names = await components();
    assert.ok(names.includes('renamed-in-editor'), 'the editor’s text is read');
    assert.ok(!names.includes(name(7)), 'the disk’s text is not');
    assert.ok(names.includes(name(8)));
  });
});
