import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';

/** A valid entity whose tags are one flow sequence of `1`s: `bytes` long, slow to parse for its size. */
function flowSequence(name: string, bytes: number): string {
  return `${component(name)}  tags: [${'1,'.repeat(Math.floor(bytes / 2))}1]\n`;
}

const MB = 1024 * 1024;
/**
 * Far above what an answer takes when nothing blocks, far below the seconds the server used to stall
 * for — on an idle machine. A machine whose cores each carry several runnable processes gives the
 * server a fraction of one, so the bound grows with the load per core: the test finds stalls, not a busy machine.
 */
function answerBoundMs(): number {
  const loadPerCore = os.loadavg()[0] / os.availableParallelism();
  return 1000 * Math.max(1, loadPerCore);
}

describe('responsiveness: the server never stalls', function () {
  this.timeout(60_000);
  let client: LspClient;
  let workspace: TempWorkspace;
  afterEach(async () => {
    await client.dispose();
    workspace.dispose();
  });

  /** Hovers over the small file's name until `done` holds; returns the slowest answer's time. */
  async function slowestHoverUntil(uri: string, done: () => boolean | Promise<boolean>, what: string): Promise<number> {
    let slowest = 0;
    for (const deadline = Date.now() + 45_000; !(await done()); ) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      const start = Date.now();
      const answer = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 9 } });
      slowest = Math.max(slowest, Date.now() - start);
      assert.ok(answer?.contents.value, 'a hover card');
    }
    return slowest;
  }

  it('(a) answers about other files while a 1 MB flow sequence is parsed, and refuses a file over the limit', async () => {
    const big = flowSequence('big', MB);
    workspace = new TempWorkspace({ 'small/catalog-info.yaml': component('small'), 'big/catalog-info.yaml': big, 'huge/catalog-info.yaml': flowSequence('huge', 11 * MB) });
    client = new LspClient();
    await client.initialize(workspace.root);
    const small = await client.open(workspace.path('small/catalog-info.yaml'), component('small'));
    const codes = (name: string) => (client.diagnostics.get(workspace.path(name)) ?? []).map((d) => d.code);
    const loaded = () => client.catalogVersion >= 0 && codes('big/catalog-info.yaml').length > 0 && codes('huge/catalog-info.yaml').includes('file-too-large');
    const whileLoading = await slowestHoverUntil(small, loaded, 'the first load');
    assert.deepEqual(codes('big/catalog-info.yaml'), ['unresolved-ref'], 'the big file is read and checked: only its owner is missing');

    // Open in the editor, with an edit: parsed again, while the small file's requests go on.
    await client.open(workspace.path('big/catalog-info.yaml'), big.replace('name: big', 'name: big-edited'));
    const reparsed = async () => (await client.request('greenroom/entityDetails', { ref: 'component:default/big-edited' })) !== null;
    const whileEditing = await slowestHoverUntil(small, reparsed, 'the edited big file');
    console.log(`      slowest hover on another file: ${whileLoading} ms during the first load, ${whileEditing} ms while the edited 1 MB document was parsed`);
    const bound = answerBoundMs();
    assert.ok(whileLoading < bound && whileEditing < bound, `answers took up to ${Math.max(whileLoading, whileEditing)} ms (bound ${bound.toFixed(0)} ms at this load)`);
  });

  it('(b) refuses a 35 MB document opened in the editor, and keeps answering', async () => {
    workspace = new TempWorkspace({ 'small/catalog-info.yaml': component('small') });
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first load');
    const small = await client.open(workspace.path('small/catalog-info.yaml'), component('small'));
    const hugeFile = workspace.path('huge/catalog-info.yaml');
    const start = Date.now();
    const huge = await client.open(hugeFile, flowSequence('huge', 35 * MB));
    const refused = () => (client.diagnostics.get(hugeFile) ?? []).some((d) => d.code === 'file-too-large');
    const slowest = await slowestHoverUntil(small, refused, 'the size problem');
    const [problem] = client.diagnostics.get(hugeFile)!;
    assert.match(problem.message, /^This document is 35\.0 MB; catalog files over 10 MB are not read/);
    console.log(`      size problem after ${Date.now() - start} ms; slowest hover on another file meanwhile: ${slowest} ms`);
    assert.ok(slowest < answerBoundMs(), `answers took up to ${slowest} ms (bound ${answerBoundMs().toFixed(0)} ms at this load)`);
    // The document itself is not parsed for any feature either.
    assert.equal(await client.request('textDocument/documentSymbol', { textDocument: { uri: huge } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: huge }, position: { line: 3, character: 9 } }), null);
  });

  it('(c) lists the 10,000 entities a Location names, and answers about other files while it reads them', async () => {
    const count = 10_000;
    const targets = Array.from({ length: count }, (_, i) => `    - ./e/${i}.yaml`).join('\n');
    workspace = new TempWorkspace({
      'small/catalog-info.yaml': component('small'),
      'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: many\nspec:\n  targets:\n${targets}\n`,
    });
    for (let i = 0; i < count; i++) workspace.write(`e/${i}.yaml`, component(`c${i}`));
    client = new LspClient();
    const start = Date.now();
    await client.initialize(workspace.root);
    const small = await client.open(workspace.path('small/catalog-info.yaml'), component('small'));
    const slowest = await slowestHoverUntil(small, () => client.catalogVersion >= 0, 'the first load');
    const components = await client.request<{ name: string }[]>('greenroom/groupEntities', { groupBy: 'kind', key: 'Component' });
    // How long this takes is a benchmark figure (npm run bench: load.location_10k_ms), not a test bound.
    console.log(`      ${components.length} entities listed ${Date.now() - start} ms after initialize; slowest hover on another file meanwhile: ${slowest} ms`);
    assert.equal(components.length, count + 1);
    assert.ok(slowest < answerBoundMs(), `answers took up to ${slowest} ms (bound ${answerBoundMs().toFixed(0)} ms at this load)`);
  });

  it('(e) answers about other files while the docs of 10,000 entities in one file are checked after the load', async () => {
    // Each names a docs folder without an mkdocs.yml: the check finds each annotation in the file, after the load.
    const withDocs = (name: string) => component(name).replace('metadata:\n', 'metadata:\n  annotations:\n    backstage.io/techdocs-ref: dir:.\n');
    const many = Array.from({ length: 10_000 }, (_, i) => withDocs(`c${i}`)).join('---\n');
    workspace = new TempWorkspace({ 'small/catalog-info.yaml': component('small'), 'many/catalog-info.yaml': many });
    client = new LspClient();
    await client.initialize(workspace.root);
    const small = await client.open(workspace.path('small/catalog-info.yaml'), component('small'));
    const missing = () => (client.diagnostics.get(workspace.path('many/catalog-info.yaml')) ?? []).filter((d) => d.code === 'docs-site-missing');
    await slowestHoverUntil(small, () => client.catalogVersion >= 0, 'the first load');
    const slowest = await slowestHoverUntil(small, () => missing().length === 10_000, 'the docs check');
    console.log(`      slowest hover on another file while the docs were checked: ${slowest} ms`);
    // Ten lines per entity and a `---` between: the last entity's annotation value is on line 9,999 × 11 + 4.
    assert.deepEqual(missing()[9_999].range.start, { line: 9_999 * 11 + 4, character: '    backstage.io/techdocs-ref: '.length }, 'the last warning sits on its annotation');
    assert.ok(slowest < answerBoundMs(), `answers took up to ${slowest} ms (bound ${answerBoundMs().toFixed(0)} ms at this load)`);
  });

  it('(d) answers a request the client cancelled, for a text it changed since, as cancelled without working on it', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('small') });
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first load');
    const uri = await client.open(workspace.path('catalog-info.yaml'), component('small'));
    // Bytes, not text: a chunk may end inside a character, which decoding chunk by chunk would garble.
    let output = Buffer.alloc(0);
    client.process.stdout!.on('data', (chunk: Buffer) => (output = Buffer.concat([output, chunk])));
    // As an editor does when typing goes on: ask, change the text, cancel the question. One write,
    // so that all three reach the server before it handles any of them.
    const frame = (message: object) => {
      const json = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
    };
    client.process.stdin!.write(
      frame({ id: 'stale-hover', method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 3, character: 9 } } }) +
        frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: component('typed-on') }] } }) +
        frame({ method: '$/cancelRequest', params: { id: 'stale-hover' } }),
    );
    const reply = () => messages(output).find((message) => message.id === 'stale-hover');
    await waitUntil(() => reply() !== undefined, 'the answer to the cancelled hover');
    assert.deepEqual(reply(), { jsonrpc: '2.0', id: 'stale-hover', error: { code: -32800, message: 'Request cancelled' } });
    // The current text is answered as usual.
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((symbol) => symbol.name), ['typed-on']);
  });

  /** Checks after each chunk the server writes, up to a deadline. */
  async function waitUntil(check: () => boolean, what: string): Promise<void> {
    const stdout = client.process.stdout!;
    for (const deadline = Date.now() + 10_000; !check(); ) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
      // The next chunk, or the deadline: a server that writes nothing more must not keep the test waiting.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        stdout.once('data', done);
        function done() {
          clearTimeout(timer);
          stdout.off('data', done);
          resolve();
        }
      });
    }
  }
});

/** The JSON-RPC messages complete in a stream's text. */
function messages(stream: Buffer): { id?: unknown }[] {
  const found: { id?: unknown }[] = [];
  for (let rest = stream; ; ) {
    // Headers are ASCII: their text's length is their length in bytes.
    const header = /^Content-Length: (\d+)\r\n(?:[^\r\n]+\r\n)*\r\n/.exec(rest.subarray(0, 256).toString('latin1'));
    if (!header) return found;
    const body = rest.subarray(header[0].length);
    const length = Number(header[1]);
    if (body.length < length) return found;
    found.push(JSON.parse(body.subarray(0, length).toString()) as { id?: unknown });
    rest = body.subarray(length);
  }
}

