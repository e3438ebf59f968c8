import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lspClient';

interface Group {
  key: string;
  count: number;
}

/** What a person sees of the catalog: the tree's groups and entities, search answers, problems by file. */
async function view(client: LspClient, folder: string): Promise<unknown> {
  const groups = await client.request<Group[]>('greenroom/entityGroups', { groupBy: 'kind' });
  const entities: Record<string, unknown> = {};
  for (const group of groups) entities[group.key] = (await client.request<{ ref: string }[]>('greenroom/groupEntities', { groupBy: 'kind', key: group.key })).map((entity) => entity.ref).sort();
  // Each entity's page data: its relations (derived again from its refs when restored), links and where it is written.
  const details: Record<string, unknown> = {};
  for (const refs of Object.values(entities) as string[][]) for (const ref of refs) details[ref] = await client.request('greenroom/entityDetails', { ref });
  const search = (await client.request<{ entity: { ref: string } }[]>('greenroom/search', { query: 'payments' })).map((hit) => hit.entity.ref);
  const problems = [...client.diagnostics].filter(([, list]) => list.length > 0).map(([file, list]) => [path.relative(folder, file), list.map((d) => `${d.range.start.line}: ${d.message}`).sort()]);
  return { groups, entities, details, search, problems: problems.sort() };
}

const component = (name: string, owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  description: Takes payments\nspec:\n  type: service\n  lifecycle: production\n  owner: ${owner}\n`;

const STAMP_SECONDS = 1_767_225_600;

describe('warm start: the catalog saved in the editor storage', function () {
  this.timeout(60_000);
  let folder: string;
  let storage: string;
  const clients: LspClient[] = [];

  /** Starts the server on the workspace with the storage, and waits until the catalog settles. */
  async function start(): Promise<LspClient> {
    const client = new LspClient();
    clients.push(client);
    await client.initialize(folder, {}, { storagePath: storage });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog');
    return client;
  }

  /** Waits for the saved catalog to be written, then closes the window. */
  async function closeAfterSave(client: LspClient): Promise<void> {
    const saved = () => existsSync(storage) && readdirSync(storage).some((name) => name.endsWith('.bin'));
    for (const deadline = Date.now() + 30_000; !(saved() && !readdirSync(storage).some((name) => name.endsWith('.partial'))); await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error('no catalog was saved');
    }
    await client.dispose();
  }

  /** Rewrites a file with text of the same length and puts its modification time back: its stamp does not change. */
  function rewriteKeepingStamp(file: string, text: string): void {
    assert.equal(Buffer.byteLength(text), statSync(file).size);
    writeFileSync(file, text);
    utimesSync(file, STAMP_SECONDS, STAMP_SECONDS);
  }

  const snapshotFile = () =>
    path.join(
      storage,
      readdirSync(storage).find((name) => name.endsWith('.bin'))!,
    );

  beforeEach(() => {
    const base = mkdtempSync(path.join(tmpdir(), 'greenroom-warm-'));
    folder = path.join(base, 'workspace');
    storage = path.join(base, 'storage');
    for (const [name, text] of Object.entries({
      'payments/catalog-info.yaml': component('payments', 'team-pay'),
      'ledger/catalog-info.yaml': component('ledger', 'team-nobody'),
      'teams/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-pay\nspec:\n  type: team\n  children: []\n',
    })) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), text);
      // Whole seconds, which a file system keeps exactly: `rewriteKeepingStamp` can put the same time back.
      utimesSync(path.join(folder, name), STAMP_SECONDS, STAMP_SECONDS);
    }
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it('shows the same tree, search answers and problems as a cold start, from the saved catalog', async () => {
    const cold = await start();
    const coldView = await view(cold, folder);
    await closeAfterSave(cold);
    // Same stamp, other text: only a catalog restored from storage still shows the old name.
    const payments = path.join(folder, 'payments/catalog-info.yaml');
    rewriteKeepingStamp(payments, readFileSync(payments, 'utf8').replace('name: payments', 'name: paymentz'));
    const warm = await start();
    // The first answers, asked at once (a warm start gives them from the saved file's preview while the rest is decoded).
    const [groups, search] = await Promise.all([warm.request('greenroom/entityGroups', { groupBy: 'kind' }), warm.request<{ entity: { ref: string } }[]>('greenroom/search', { query: 'payments' })]);
    assert.deepEqual({ groups, search: search.map((hit) => hit.entity.ref) }, { groups: (coldView as { groups: unknown }).groups, search: (coldView as { search: unknown }).search });
    // Refs are checked once the saved catalog shows: the ledger's unknown owner follows.
    const ledger = path.join(folder, 'ledger/catalog-info.yaml');
    await warm.waitFor(() => (warm.diagnostics.get(ledger) ?? []).length > 0, 'the problems');
    assert.deepEqual(await view(warm, folder), coldView);
  });

  it('reads again a file changed while the window was closed, and finds a file added meanwhile', async () => {
    await closeAfterSave(await start());
    writeFileSync(path.join(folder, 'ledger/catalog-info.yaml'), component('general-ledger', 'team-pay'));
    mkdirSync(path.join(folder, 'refunds'));
    writeFileSync(path.join(folder, 'refunds/catalog-info.yaml'), component('refunds', 'team-pay'));
    const warm = await start();
    const refs = async () => (await warm.request<{ ref: string }[]>('greenroom/groupEntities', { groupBy: 'kind', key: 'Component' })).map((entity) => entity.ref).sort();
    let seen: string[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      seen = await refs();
      if (seen.includes('component:default/general-ledger') && seen.includes('component:default/refunds')) break;
    }
    assert.deepEqual(seen, ['component:default/general-ledger', 'component:default/payments', 'component:default/refunds']);
    // Search, restored from the saved index, finds the file's new text and no longer its old one.
    const found = async (query: string) => (await warm.request<{ entity: { ref: string } }[]>('greenroom/search', { query })).map((hit) => hit.entity.ref).sort();
    assert.deepEqual(await found('general-ledger'), ['component:default/general-ledger']);
    assert.deepEqual(await found('payments'), ['component:default/general-ledger', 'component:default/payments', 'component:default/refunds']);
    assert.equal((await found('ledger')).includes('component:default/ledger'), false);
    // The ledger's broken owner was fixed on disk: its problem goes with the old text.
    await warm.waitFor(() => (warm.diagnostics.get(path.join(folder, 'ledger/catalog-info.yaml')) ?? []).length === 0, 'the ledger problem to go');
  });

  it("checks the saved catalog against rules changed while the window was closed, with a file open as in a reopened window", async () => {
    const rules = path.join(folder, '.greenroom/rules.yaml');
    mkdirSync(path.dirname(rules));
    writeFileSync(rules, 'rules:\n  - id: production-has-techdocs\n    message: Production services publish TechDocs\n    when: { kind: Component, lifecycle: production }\n    require: { annotation: backstage.io/techdocs-ref }\n');
    const payments = path.join(folder, 'payments/catalog-info.yaml');
    const ruled = (client: LspClient) => (client.diagnostics.get(payments) ?? []).some((d) => d.message.includes('production-has-techdocs'));
    const cold = await start();
    await cold.waitFor(() => ruled(cold), 'the rule on payments');
    await closeAfterSave(cold);
    // A pull drops the rule; the next window opens with the ledger in an editor, as a reopened window has it.
    writeFileSync(rules, 'rules: []\n');
    const warm = new LspClient();
    clients.push(warm);
    await warm.initialize(folder, {}, { storagePath: storage });
    const ledger = path.join(folder, 'ledger/catalog-info.yaml');
    await warm.open(ledger, readFileSync(ledger, 'utf8'));
    await warm.waitFor(() => warm.catalogVersion >= 0 && (warm.diagnostics.get(ledger) ?? []).length > 0, 'the first catalog');
    // A file added meanwhile is found by the reconciling that follows the restore: once it shows, that is over.
    mkdirSync(path.join(folder, 'refunds'));
    writeFileSync(path.join(folder, 'refunds/catalog-info.yaml'), component('refunds', 'team-gone'));
    await warm.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(folder, 'refunds/catalog-info.yaml')).toString(), type: 1 }] });
    await warm.waitFor(() => (warm.diagnostics.get(path.join(folder, 'refunds/catalog-info.yaml')) ?? []).length > 0, 'the added file');
    assert.equal(ruled(warm), false, 'the dropped rule is gone from payments');
  });

  it('finds every entity with a saved search document damaged, from the catalog once the saved index is found damaged', async () => {
    const cold = await start();
    const found = async (client: LspClient) => (await client.request<{ entity: { ref: string } }[]>('greenroom/search', { query: 'payments' })).map((hit) => hit.entity.ref);
    const coldFound = await found(cold);
    assert.equal(coldFound[0], 'component:default/payments');
    await closeAfterSave(cold);
    const file = snapshotFile();
    const { search, arrays } = partsOf(readFileSync(file));
    // The payments document, written last of the search part, turned into JSON of another shape of the same length.
    const at = arrays.lastIndexOf('"name":"payments"');
    assert.ok(at >= 0 && search.length > 0);
    arrays.write('"name":[12345678]', at);
    writeFileSync(file, Buffer.concat([readFileSync(file).subarray(0, readFileSync(file).length - arrays.length), arrays]));
    const warm = await start();
    assert.deepEqual(await found(warm), coldFound);
  });

  for (const [damage, spoil] of [
    ['cut short', (bytes: Buffer) => bytes.subarray(0, bytes.length - 100)],
    ['with bytes of its preview overwritten', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 60), Buffer.from('{{{{'), bytes.subarray(64)])],
    ["with bytes of its files' JSON overwritten", (bytes: Buffer) => rewriteJson(bytes, (json) => json.replace('"entities":[{', '"entities":{{'))],
    ['naming a file outside the workspace', (bytes: Buffer) => rewriteJson(bytes, (json) => json.replace(/"path":"[^"]*payments[^"]*catalog-info\.yaml"/, '"path":"/etc/catalog-info.yaml"'))],
    ['holding an entity of the wrong shape', (bytes: Buffer) => rewriteJson(bytes, (json) => json.replace('"documentIndex":0', '"documentIndex":"zero"'))],
  ] as const) {
    it(`ignores a saved catalog ${damage} and reads the files`, async () => {
      await closeAfterSave(await start());
      const file = snapshotFile();
      const spoilt = spoil(readFileSync(file));
      assert.notDeepEqual(spoilt, readFileSync(file));
      writeFileSync(file, spoilt);
      const payments = path.join(folder, 'payments/catalog-info.yaml');
      rewriteKeepingStamp(payments, readFileSync(payments, 'utf8').replace('name: payments', 'name: paymentz'));
      const warm = await start();
      // Once the catalog's problems show, it is decoded (or, refused, read from the files): the preview is over.
      await warm.waitFor(() => (warm.diagnostics.get(path.join(folder, 'ledger/catalog-info.yaml')) ?? []).length > 0, 'the problems');
      const components = (await warm.request<{ ref: string }[]>('greenroom/groupEntities', { groupBy: 'kind', key: 'Component' })).map((entity) => entity.ref).sort();
      assert.deepEqual(components, ['component:default/ledger', 'component:default/paymentz']);
    });
  }
});

/** The saved file's parts: its preview's JSON and entries, its catalog's head, rest and slices of files, its search part and arrays. */
function partsOf(bytes: Buffer): { preview: string; entries: Buffer; head: Record<string, unknown>; rest: Buffer; slices: string[]; search: Buffer; arrays: Buffer } {
  const [previewLength, entriesLength, catalogLength, searchLength] = [8, 12, 16, 20].map((at) => bytes.readUInt32LE(at));
  const catalogAt = 32 + previewLength + entriesLength;
  const headLength = bytes.readUInt32LE(catalogAt);
  const head = JSON.parse(bytes.toString('utf8', catalogAt + 4, catalogAt + 4 + headLength)) as Record<string, unknown>;
  const restAt = catalogAt + 4 + headLength;
  let at = restAt + (head.rest as number);
  const slices = (head.slices as number[]).map((size) => bytes.toString('utf8', at, (at += size)));
  const searchAt = catalogAt + catalogLength;
  return {
    preview: bytes.toString('utf8', 32, 32 + previewLength),
    entries: bytes.subarray(32 + previewLength, catalogAt),
    head,
    rest: bytes.subarray(restAt, restAt + (head.rest as number)),
    slices,
    search: bytes.subarray(searchAt, searchAt + searchLength),
    arrays: bytes.subarray(searchAt + searchLength),
  };
}

/** A saved file put together again from its parts, with the lengths written again (`GRCS`, format, the parts' lengths, the file's). */
function fileOf(original: Buffer, parts: ReturnType<typeof partsOf>): Buffer {
  const slices = parts.slices.map((slice) => Buffer.from(slice));
  const catalogHead = Buffer.from(JSON.stringify({ ...parts.head, slices: slices.map((slice) => slice.length) }));
  const headLength = Buffer.alloc(4);
  headLength.writeUInt32LE(catalogHead.length);
  const catalog = Buffer.concat([headLength, catalogHead, parts.rest, ...slices]);
  const preview = Buffer.from(parts.preview);
  const head = Buffer.from(original.subarray(0, 32));
  [preview, parts.entries, catalog, parts.search].forEach((part, index) => head.writeUInt32LE(part.length, 8 + 4 * index));
  const body = Buffer.concat([preview, parts.entries, catalog, parts.search, parts.arrays]);
  head.writeDoubleLE(32 + body.length, 24);
  return Buffer.concat([head, body]);
}

/** The saved file with its catalog's files (as JSON) changed. */
function rewriteJson(bytes: Buffer, change: (json: string) => string): Buffer {
  const parts = partsOf(bytes);
  const slices = parts.slices.map(change);
  assert.notDeepEqual(slices, parts.slices);
  return fileOf(bytes, { ...parts, slices });
}
