import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { EXAMPLES } from '../unit/fixturePaths';
import { cursorIn, cursorInText } from './cursorMarker';
import { LspClient } from './lspClient';

interface CompletionItem {
  label: string;
  detail?: string;
}

const draft = (spec: string, kind = 'Component') => `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: draft\nspec:\n${spec}`;

describe('hover and completion over stdio, against the Backstage examples', () => {
  let client: LspClient;
  let version = 1;

  before(async () => {
    client = new LspClient();
    await client.initialize(EXAMPLES, { include: ['all.yaml', 'acme-corp.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(() => client.dispose());

  async function hoverIn(relative: string, needle: string): Promise<string> {
    const file = path.join(EXAMPLES, relative);
    const { text, position } = cursorIn(file, needle);
    const uri = await client.open(file, text);
    const result = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
    return result?.contents.value ?? '';
  }

  /** Completion in a draft file that exists only in the editor, with `|` at the cursor. */
  async function complete(marked: string): Promise<CompletionItem[]> {
    const text = marked.replace('|', '');
    const file = path.join(EXAMPLES, `drafts-${version}`, 'catalog-info.yaml');
    const uri = await client.open(file, text, version++);
    const result = await client.request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: cursorInText(marked, marked.slice(Math.max(0, marked.indexOf('|') - 8), marked.indexOf('|') + 1)) });
    return result.items;
  }

  it('shows a card of the entity a ref names', async () => {
    const card = await hoverIn('components/artist-lookup-component.yaml', 'owner: te|am-a');
    assert.match(card, /^\*\*team\\-a\*\* — Group · team/);
    assert.match(card, /`group:default\/team-a`/);
    assert.match(card, /Defined in \[team\\-a\\-group\\\.yaml:4\]\(file:\/\/.*team-a-group\.yaml#L4\)/);
  });

  it('gives the tree an entity card with description, owner, tags and links', async () => {
    const card = await client.request<string>('greenroom/entityCard', { ref: 'component:default/artist-lookup' });
    assert.match(card, /Artist Lookup/);
    assert.match(card, /Owner: `group:default\/team-a`/);
    assert.match(card, /Tags: `java` `data`/);
    assert.match(card, /\[Dashboard\]\(https:\/\/example\.com\/dashboard\)/);
  });

  it('explains a field, and a well-known annotation', async () => {
    assert.match(await hoverIn('components/artist-lookup-component.yaml', 'lifec|ycle: experimental'), /^\*\*spec\\\.lifecycle\*\* — string, required/);
    assert.match(await hoverIn('components/artist-lookup-component.yaml', 'backstage.io/source-temp|late'), /^\*\*backstage\\\.io\/source\\-template\*\* — annotation/);
  });

  it('offers owners (groups and users), not other kinds, ranked by what was typed', async () => {
    const items = await complete(draft('  type: service\n  lifecycle: production\n  owner: team-|\n'));
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels.slice(0, 4), ['team-a', 'team-b', 'team-c', 'team-d']);
    const all = (await complete(draft('  owner: |\n'))).map((i) => i.label);
    assert.ok(all.includes('user:breanna.davison'), 'users can own too');
    assert.ok(!all.some((l) => l.includes('artist-lookup')), 'components do not own');
  });

  it('offers systems for system, APIs for providesApis, and components and resources for dependsOn', async () => {
    assert.deepEqual((await complete(draft('  system: |\n'))).map((i) => i.label).sort(), ['artist-engagement-portal', 'audio-playback', 'podcast']);
    const apis = (await complete(draft('  providesApis: [|]\n'))).map((i) => i.label);
    assert.ok(apis.includes('petstore') && !apis.includes('team-a'), apis.join());
    const deps = (await complete(draft('  dependsOn:\n    - |\n'))).map((i) => i.label);
    assert.ok(deps.includes('resource:artists-db') && deps.includes('component:artist-lookup'), deps.join());
  });

  it('offers the keys valid for the kind, without those already written', async () => {
    const apiKeys = (await complete(draft('  type: openapi\n  |\n', 'API'))).map((i) => i.label);
    assert.ok(apiKeys.includes('definition') && apiKeys.includes('lifecycle'), apiKeys.join());
    assert.ok(!apiKeys.includes('subcomponentOf') && !apiKeys.includes('type'), apiKeys.join());
  });

  it('offers a whole entity of each kind where one can start, and nothing of the kind in a value', async () => {
    const start = (await complete('|\n')).map((i) => i.label);
    assert.ok(start.includes('backstage-component') && start.includes('backstage-template'), start.join());
    assert.ok(!(await complete(draft('  lifecycle: |\n'))).some((i) => i.label.startsWith('backstage-')));
  });

  it('offers kinds, lifecycles, types in use, annotation keys and tags in use', async () => {
    assert.ok((await complete('apiVersion: backstage.io/v1alpha1\nkind: Comp|\n')).some((i) => i.label === 'Component'));
    assert.deepEqual((await complete(draft('  lifecycle: |\n'))).map((i) => i.label).slice(0, 3), ['experimental', 'production', 'deprecated']);
    assert.ok((await complete(draft('  type: |\n'))).some((i) => i.label === 'website'));
    assert.ok((await complete('apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  annotations:\n    github|\n')).some((i) => i.label === 'github.com/project-slug'));
    assert.ok((await complete('apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  tags:\n    - ja|\n')).some((i) => i.label === 'java'));
  });

  it('completes tags while an entity without metadata is being written elsewhere', async () => {
    const unfinished = path.join(EXAMPLES, 'drafts-unfinished', 'catalog-info.yaml');
    await client.open(unfinished, 'apiVersion: backstage.io/v1alpha1\nkind: Component\n');
    await client.waitFor(() => client.diagnostics.has(unfinished), 'the unfinished entity to be read');
    assert.ok((await complete('apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  tags:\n    - ja|\n')).some((i) => i.label === 'java'));
  });
});
