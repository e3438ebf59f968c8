import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import type { FileOwner } from '../../src/protocol/catalogProtocol';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';

const group = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: ${name}\nspec:\n  type: team\n  children: []\n`;
const user = (name: string, email: string) => `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ${name}\nspec:\n  profile:\n    email: ${email}\n  memberOf: []\n`;

describe('who owns a file, over stdio', () => {
  let workspace: TempWorkspace;
  let client: LspClient;
  /** "entity · owner (rule)" as the status bar and its tooltip say it. */
  const ownerOf = async (file: string) => {
    const found = await client.request<FileOwner | null>('greenroom/fileOwner', { uri: URI.file(workspace.path(file)).toString() });
    return found && `${found.entity?.ref ?? '-'} · ${found.owner?.ref ?? '-'} (${found.rule}: ${found.why})`;
  };

  before(async () => {
    workspace = new TempWorkspace({
      'services/payments/catalog-info.yaml': component('payments', { owner: 'team-payments' }),
      'services/payments/src/api/handler.ts': 'export {};\n',
      'services/payments/worker/catalog-info.yaml': component('payments-worker', { owner: 'user:jane' }),
      'apis/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: payments-api\nspec:\n  type: openapi\n  lifecycle: production\n  owner: platform\n  definition:\n    $text: ../specs/payments.yaml\n',
      'specs/payments.yaml': 'openapi: 3.0.0\n',
      'org/catalog-info.yaml': `${group('team-payments')}---\n${group('platform')}---\n${user('jane', 'jane@example.com')}`,
      // A monorepo's root catalog lists a component whose source is a folder of this repository.
      '.git/config': '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:Acme/shop.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
      'catalog/catalog-info.yaml': `${component('shop-root', { owner: 'platform' })}---\n${component('billing', { owner: 'team-payments' }).replace('metadata:\n', 'metadata:\n  annotations:\n    backstage.io/source-location: url:https://github.com/acme/shop/tree/main/services/billing/\n')}`,
      '.github/CODEOWNERS': '*            @acme/platform\n/tools/      @acme/ghosts\n*.md         jane@example.com\n/vendor/\n',
    });
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first load');
  });
  after(async () => {
    await client.dispose();
    workspace.dispose();
  });

  it('names the entity of the nearest catalog-info.yaml up the folders, and its owner', async () => {
    assert.equal(await ownerOf('services/payments/src/api/handler.ts'), 'component:default/payments · group:default/team-payments (nearest-catalog-info: services/payments/catalog-info.yaml is the nearest catalog-info.yaml)');
    assert.equal(await ownerOf('services/payments/worker/main.go'), 'component:default/payments-worker · user:default/jane (nearest-catalog-info: services/payments/worker/catalog-info.yaml is the nearest catalog-info.yaml)');
  });

  it("names the entity whose source location is a deeper folder of this repository than the nearest catalog-info.yaml's", async () => {
    assert.equal(await ownerOf('services/billing/src/invoice.ts'), "component:default/billing · group:default/team-payments (source-location: component:default/billing's source location is github.com/acme/shop/services/billing)");
    assert.equal(await ownerOf('services/payments/src/api/handler.ts'), 'component:default/payments · group:default/team-payments (nearest-catalog-info: services/payments/catalog-info.yaml is the nearest catalog-info.yaml)', 'a nearer catalog-info.yaml still wins');
  });

  it('names the entity a catalog file defines', async () => {
    assert.equal(await ownerOf('services/payments/catalog-info.yaml'), 'component:default/payments · group:default/team-payments (catalog-file: services/payments/catalog-info.yaml defines it)');
  });

  it('names the API a definition file belongs to', async () => {
    assert.equal(await ownerOf('specs/payments.yaml'), "api:default/payments-api · group:default/platform (api-definition: apis/catalog-info.yaml reads it as api:default/payments-api's definition)");
  });

  it('falls back to CODEOWNERS, mapped to catalog groups and users', async () => {
    assert.equal(await ownerOf('README.md'), '- · user:default/jane (codeowners: .github/CODEOWNERS line 3 (*.md) names jane@example.com)');
    assert.equal(await ownerOf('scripts/build.sh'), '- · group:default/platform (codeowners: .github/CODEOWNERS line 1 (*) names @acme/platform)');
    // A team the catalog does not have is still named, as its ref.
    assert.equal(await ownerOf('tools/lint.sh'), '- · group:default/ghosts (codeowners: .github/CODEOWNERS line 2 (/tools/) names @acme/ghosts)');
  });

  it('says nothing where no rule gives an owner', async () => {
    assert.equal(await ownerOf('vendor/lib.js'), null);
    assert.equal(await client.request('greenroom/fileOwner', { uri: URI.file('/elsewhere/file.ts').toString() }), null);
  });
});
