import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';
import { answered, listedEntities, probeDocument, probeSearch, probeTree } from './requestProbe';

/**
 * Mutated fixture documents fed to the server as files at start, as file changes and as typing.
 * `GREENROOM_FUZZ_SEED` replays a run; `GREENROOM_FUZZ_DOCS` fuzzes more documents.
 */
const SEED = Number(process.env.GREENROOM_FUZZ_SEED ?? 20_261_128) >>> 0;
const DOCS = Math.max(100, Number(process.env.GREENROOM_FUZZ_DOCS ?? 2000));
const FIXTURES = path.resolve(__dirname, '../fixtures');

/** Mulberry32: small, seedable and good enough to pick mutations. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Every entity document of the fixture catalogs and templates. */
function corpus(): string[] {
  const files = (readdirSync(FIXTURES, { recursive: true }) as string[]).filter((file) => /\.ya?ml$/.test(file));
  return files
    .flatMap((file) => readFileSync(path.join(FIXTURES, file), 'utf8').split(/^---\s*$/m))
    .filter((doc) => /^kind:/m.test(doc) && doc.length < 16_000)
    .sort();
}

/** Values that have stopped YAML readers before: aliases, tags, nesting, numbers, types, prototype keys, odd characters. */
const VALUES = [
  '*nowhere',
  '*a',
  '&a [*a]',
  '&a {self: *a}',
  '!!js/function "function () { return process.exit(1) }"',
  '!!js/undefined ~',
  '!!js/regexp /x/',
  '!!binary aGVsbG8=',
  '!!set {a, b}',
  '!!omap [a: 1, b: 2]',
  '!!timestamp 2001-12-14t21:59:43.10-05:00',
  '!custom {a: 1}',
  '1e999999',
  '-1e999999',
  '123456789012345678901234567890123456789',
  '0x7fffffffffffffffffffffffffffffff',
  '.nan',
  '~',
  'null',
  'true',
  '[]',
  '{}',
  '[1, [2, [3]]]',
  '{a: 1, b: [2]}',
  '"\\ud800"',
  '"tail \\udfff"',
  '"\\ud83d\\ude00 fine, \\ud83d alone"',
  '"\\u0000\\u0007\\u001b[31m"',
  '{__proto__: {name: polluted, toString: 1}}',
  '{constructor: {prototype: {name: polluted}}}',
  '{toString: 1, valueOf: 2}',
  '{$text: ./nothing.txt}',
  '{$yaml: ./catalog-info.yaml}',
  '{$json: ./catalog-info.yaml}',
  '{$constructor: x}',
  '"https://example.com/\\udc00"',
  "'dir:./\\ud800'",
  `'${'x'.repeat(5000)}'`,
];

/** Whole lines to insert, at the indentation of the line they follow. */
const LINES = [
  '__proto__: {name: polluted}',
  '__proto__:\n  name: polluted',
  'constructor: 1',
  'prototype: ~',
  'toString: x',
  'tags: *nowhere',
  'anchor: &a [x]',
  'alias: *a',
  'self: &s [*s]',
  '<<: {name: merged}',
  '? [complex, key]\n: value',
  'bomb: &b0 [x, x, x, x, x, x, x, x, x, x]\nbomb1: &b1 [*b0, *b0, *b0, *b0, *b0, *b0, *b0, *b0, *b0, *b0]\nbomb2: [*b1, *b1, *b1, *b1, *b1, *b1, *b1, *b1, *b1, *b1]',
  'links: {url: https://example.com}',
  'links:\n  - url: "https://example.com/\\ud800"\n    title: {a: 1}',
  'annotations: not a map',
  'metadata: ~',
  'spec: [a, list]',
  '%YAML 1.1',
  '--- !!map',
  '...',
  '\t- tab',
];

const CHARACTERS = [':', ' ', '-', '[', ']', '{', '}', '&', '*', '!', '|', '>', '#', '"', "'", '\t', '\n', '\0', '\u0007', '\u001b', '\ufeff', '\ud800', '\udfff', '\u2028', '%', '@', '`', '?', ','];

class Mutator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly docs: readonly string[],
  ) {
    this.random = prng(seed);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  /** One fixture document with one to three mutations. */
  next(): string {
    let text = this.pick(this.docs);
    for (let count = 1 + this.int(3); count > 0; count--) text = this.mutate(text);
    return text;
  }

  private mutate(text: string): string {
    const lines = text.split('\n');
    const at = this.int(lines.length);
    const indent = /^\s*(- )?/.exec(lines[at])![0].replace('-', ' ');
    switch (this.int(9)) {
      case 0: {
        const offset = this.int(text.length + 1);
        const char = this.random() < 0.5 ? this.pick(CHARACTERS) : String.fromCharCode(this.int(128));
        return text.slice(0, offset) + char + text.slice(offset + 1);
      }
      case 1:
        return text.slice(0, this.int(text.length + 1));
      case 2:
        lines.splice(at, 0, lines[at]);
        return lines.join('\n');
      case 3:
        lines.splice(at, 1 + this.int(3));
        return lines.join('\n');
      case 4: {
        const other = this.int(lines.length);
        [lines[at], lines[other]] = [lines[other], lines[at]];
        return lines.join('\n');
      }
      case 5: {
        const withValue = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^\s*(- )?[\w./-]+:\s+\S/.test(line));
        if (withValue.length === 0) return text;
        const { line, index } = this.pick(withValue);
        lines[index] = line.replace(/:\s+.*$/, `: ${this.pick(VALUES)}`);
        return lines.join('\n');
      }
      case 6:
        lines.splice(at + 1, 0, ...this.pick(LINES).split('\n').map((line) => indent + line));
        return lines.join('\n');
      case 7: {
        const depth = 1 + this.int(this.random() < 0.5 ? 64 : 1200);
        const nested = this.random() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `{a: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}}`;
        lines.splice(at + 1, 0, `${indent}deep: ${nested}`);
        return lines.join('\n');
      }
      default:
        return text.replace(/^(\s*)(name|kind|owner|tags|metadata|spec|type|lifecycle):.*$/m, (_, space: string, key: string) => `${space}${key}: ${this.pick(VALUES)}`);
    }
  }

  /** Several mutated documents as one file. */
  batch(count: number): string {
    return Array.from({ length: count }, () => this.next()).join('\n---\n');
  }
}

/** Unmutated files next to the mutated ones: their entities must stay listed throughout. */
const STABLE: Record<string, string> = {
  'stable/team/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: fuzz-stable-team\nspec:\n  type: team\n  children: []\n',
  'stable/service/catalog-info.yaml': component('fuzz-stable-service', { owner: 'fuzz-stable-team', tags: ['stable'] }),
  'stable/open/catalog-info.yaml': component('fuzz-stable-open', { owner: 'fuzz-stable-team' }),
};
const STABLE_REFS = ['group:default/fuzz-stable-team', 'component:default/fuzz-stable-service', 'component:default/fuzz-stable-open'];

describe(`fuzzing the server with ${DOCS} mutated fixture documents (GREENROOM_FUZZ_SEED=${SEED})`, function () {
  this.timeout(Math.max(120_000, DOCS * 100));
  const mutator = new Mutator(SEED, corpus());
  // A quarter at start, the rest split between file changes and typing.
  const atStart = Math.round(DOCS / 4);
  const onReload = Math.round((DOCS - atStart) / 2);
  const whileTyping = DOCS - atStart - onReload;
  const fed = { atStart: 0, onReload: 0, whileTyping: 0 };
  let workspace: TempWorkspace | undefined;
  let client: LspClient | undefined;
  let logged: string[] = [];

  async function start(files: Record<string, string>): Promise<{ workspace: TempWorkspace; client: LspClient }> {
    const started = { workspace: new TempWorkspace({ ...STABLE, ...files }), client: new LspClient() };
    logged = [];
    started.client.connection.onNotification('window/logMessage', ({ type, message }: { type: number; message: string }) => {
      if (type === 1) logged.push(message);
    });
    await started.client.initialize(started.workspace.root);
    await started.client.waitFor(() => started.client.catalogVersion >= 0, 'the first catalog load', 10_000);
    return started;
  }

  async function stop(): Promise<void> {
    await client?.dispose();
    workspace?.dispose();
    client = workspace = undefined;
  }

  /** The server is up, logged no failed update, and lists every stable entity from its own file. */
  async function assertHealthy(client: LspClient, workspace: TempWorkspace, when: string): Promise<void> {
    const context = `${when} (replay with GREENROOM_FUZZ_SEED=${SEED} GREENROOM_FUZZ_DOCS=${DOCS})`;
    assert.equal(client.process.exitCode, null, `the server exited ${context}: ${client.stderr.slice(-2000)}`);
    assert.deepEqual(logged, [], `the server logged errors ${context}`);
    const listed = await listedEntities(client);
    for (const ref of STABLE_REFS) {
      const file = Object.keys(STABLE).find((name) => STABLE[name].includes(`name: ${ref.split('/')[1]}`))!;
      assert.ok(
        listed.some((summary) => summary.ref === ref && URI.parse(summary.location.uri).fsPath === workspace.path(file)),
        `${ref} is not listed ${context}`,
      );
    }
  }

  /** Hover, completion, definition and references at a few places of a document, and its outline and links. */
  async function probeSome(client: LspClient, uri: string, text: string, random: () => number): Promise<void> {
    const lines = text.split('\n');
    const positions = Array.from({ length: 3 }, () => {
      const line = Math.floor(random() * lines.length);
      return { line, character: Math.floor(random() * (lines[line].length + 1)) };
    });
    await probeDocument(client, uri, positions);
  }

  afterEach(stop);
  after(() => console.log(`      fuzzed ${fed.atStart + fed.onReload + fed.whileTyping} documents (${fed.atStart} at start, ${fed.onReload} on reload, ${fed.whileTyping} while typing) with GREENROOM_FUZZ_SEED=${SEED}`));

  it('reads every other file at start, whatever the mutated files hold', async () => {
    const random = prng(SEED + 1);
    const perStart = Math.ceil(atStart / 3);
    for (let round = 0; fed.atStart < atStart; round++) {
      const count = Math.min(perStart, atStart - fed.atStart);
      const files: Record<string, string> = {};
      // Ten documents a file: a bad one must not cost the others in its file either.
      for (let index = 0; index * 10 < count; index++) files[`fuzz/${index}/catalog-info.yaml`] = mutator.batch(Math.min(10, count - index * 10));
      ({ workspace, client } = await start(files));
      fed.atStart += count;
      await assertHealthy(client, workspace, `after a start with ${count} mutated documents`);
      await probeTree(client, 40);
      await probeSearch(client, ['fuzz', 'artist', 'kind:api']);
      const [name, text] = Object.entries(files)[Math.floor(random() * Object.keys(files).length)];
      await probeSome(client, await client.open(workspace.path(name), text), text, random);
      await stop();
    }
  });

  it('goes on with every other file after each change to a mutated file', async () => {
    const random = prng(SEED + 2);
    const names = Array.from({ length: 4 }, (_, index) => `fuzz/${index}/catalog-info.yaml`);
    ({ workspace, client } = await start(Object.fromEntries(names.map((name) => [name, component(path.dirname(name).replace('/', '-'))]))));
    for (let round = 0; fed.onReload < onReload; round++) {
      const changed: string[] = [];
      for (const name of names) {
        if (fed.onReload >= onReload) break;
        const count = Math.min(5, onReload - fed.onReload);
        workspace.write(name, mutator.batch(count));
        fed.onReload += count;
        changed.push(name);
      }
      const before = client.catalogVersion;
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changed.map((name) => ({ uri: URI.file(workspace!.path(name)).toString(), type: 2 })) });
      await client.waitFor(() => client!.catalogVersion > before, `the catalog to take change ${round}`, 10_000);
      await assertHealthy(client, workspace, `after file change ${round}`);
      if (round % 5 === 0) await probeTree(client, 20);
      const name = changed[Math.floor(random() * changed.length)];
      const text = readFileSync(workspace.path(name), 'utf8');
      const uri = await client.open(workspace.path(name), text);
      await probeSome(client, uri, text, random);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });

  it('keeps every other open file updating while one is typed into', async () => {
    const random = prng(SEED + 3);
    ({ workspace, client } = await start({ 'fuzz/typed/catalog-info.yaml': component('typed') }));
    const typed = await client.open(workspace.path('fuzz/typed/catalog-info.yaml'), component('typed'));
    const stableOpen = await client.open(workspace.path('stable/open/catalog-info.yaml'), STABLE['stable/open/catalog-info.yaml']);
    let stableVersion = 1;
    for (let version = 2; fed.whileTyping < whileTyping; version++) {
      const count = Math.min(4, whileTyping - fed.whileTyping);
      const text = mutator.batch(count);
      fed.whileTyping += count;
      const before = client.catalogVersion;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: typed, version }, contentChanges: [{ text }] });
      await client.waitFor(() => client!.catalogVersion > before, `the catalog to take edit ${version}`, 10_000);
      await probeSome(client, typed, text, random);
      if (version % 10 === 0) {
        // The other open file still updates: a rename there shows in the tree, and so does its undoing.
        const renamed = `fuzz-stable-renamed-${version}`;
        for (const text of [STABLE['stable/open/catalog-info.yaml'].replace('fuzz-stable-open', renamed), STABLE['stable/open/catalog-info.yaml']]) {
          const before = client.catalogVersion;
          await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: stableOpen, version: ++stableVersion }, contentChanges: [{ text }] });
          await client.waitFor(() => client!.catalogVersion > before, `the stable file's edit after edit ${version}`, 10_000);
          const listed = (await listedEntities(client)).map((summary) => summary.ref);
          const expected = text.includes(renamed) ? `component:default/${renamed}` : 'component:default/fuzz-stable-open';
          assert.ok(listed.includes(expected), `${expected} is not listed after edit ${version} (replay with GREENROOM_FUZZ_SEED=${SEED})`);
        }
      }
      await assertHealthy(client, workspace, `after edit ${version}`);
    }
    await answered(client, 'greenroom/status');
  });
});
