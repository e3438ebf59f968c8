// yaml-language-server as a Backstage user would set it up: the entity JSON schemas that @backstage/catalog-model
// ships, associated with catalog-info.yaml through the `yaml.schemas` setting.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspSession } from './lspSession';

/** The kinds Backstage's built-in processor validates; the generated catalog uses all but Location. */
const KINDS = ['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User', 'Location'];

// The schemas are CommonJS modules exporting the JSON as `default`; the package's exports map hides them from import.
const requireFile = createRequire(__filename);
const SERVER = requireFile.resolve('yaml-language-server/bin/yaml-language-server');

function loadSchema(relative: string): { $id: string } {
  const dist = path.dirname(requireFile.resolve('@backstage/catalog-model'));
  return (requireFile(path.join(dist, 'schema', `${relative}.schema.json.cjs.js`)) as { default: { $id: string } }).default;
}

/**
 * yaml-language-server 1.25 throws on `$ref`s inside draft-07 `$id: "#name"` anchors (common.json's `#status`
 * refers to `#statusItem`), failing every hover. Backstage's anchors all sit in `definitions` under their own
 * names, so they are rewritten as the JSON pointers they stand for: the same schema, in a form it can follow.
 */
function pointerRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pointerRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, child]) => !(key === '$id' && typeof child === 'string' && child.startsWith('#')))
      .map(([key, child]) => [key, key === '$ref' && typeof child === 'string' ? child.replace(/#([^/]+)$/, '#/definitions/$1') : pointerRefs(child)]),
  );
}

/**
 * Writes the schemas into `dir` and returns the URI of the one to associate with catalog files. The schemas refer
 * to each other by `$id` (`Entity`, `EntityMeta`, `common#relation`), so each file is named after its `$id`; the
 * entry schema picks the kind's schema by `kind`, as Backstage does.
 */
export function writeBackstageSchemas(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const write = (schema: { $id: string }) => writeFileSync(path.join(dir, schema.$id), JSON.stringify(pointerRefs(schema)));
  for (const shared of ['Entity', 'EntityMeta', 'shared/common']) write(loadSchema(shared));
  const kinds = KINDS.map((kind) => ({ kind, schema: loadSchema(`kinds/${kind}.v1alpha1`) }));
  for (const { schema } of kinds) write(schema);
  const entry = path.join(dir, 'catalog-info.schema.json');
  writeFileSync(
    entry,
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema',
      type: 'object',
      required: ['apiVersion', 'kind', 'metadata'],
      properties: { kind: { enum: KINDS } },
      allOf: kinds.map(({ kind, schema }) => ({ if: { required: ['kind'], properties: { kind: { const: kind } } }, then: { $ref: schema.$id } })),
    }),
  );
  return URI.file(entry).toString();
}

/** Starts yaml-language-server with the schema for every catalog-info.yaml, and the network-bound schema store off. */
export async function startYamlLanguageServer(folderUri: string, schemaUri: string): Promise<LspSession> {
  const yaml = {
    schemas: { [schemaUri]: ['catalog-info.yaml', '**/catalog-info.yaml'] },
    validate: true,
    hover: true,
    completion: true,
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  // It pulls these with `workspace/configuration` once initialized, as from VS Code.
  const session = new LspSession('yaml-language-server', [SERVER], { yaml, http: {}, '[yaml]': {}, editor: {} });
  await session.initialize(folderUri);
  return session;
}
