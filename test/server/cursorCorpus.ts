/**
 * The cursor corpus: places a person puts the cursor in a catalog file, each with what hover,
 * go to definition and completion must answer there. A case is an entity written with `‸` at the
 * cursor; every case runs in each namespace and in each form of YAML below (CRLF, a BOM, comment
 * headers and several documents, comments between lines), so one line here is ten cases.
 * Add a case for every cursor bug found.
 */

/** Entities the corpus refers to, each in both namespaces so that a ref's namespace decides which one it is. */
export const NAMESPACES = ['default', 'billing'] as const;
export type Namespace = (typeof NAMESPACES)[number];

const entity = (kind: string, namespace: Namespace, name: string, spec: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  title: ${name} of ${namespace}\nspec:\n${spec}`;

/** The catalog's files: `<namespace>-<name>.yaml`, so that a definition's target file names the entity. */
export function corpusCatalog(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const namespace of NAMESPACES) {
    files[`catalog/${namespace}-team-a.yaml`] = entity('Group', namespace, 'team-a', '  type: team\n  children: []\n');
    files[`catalog/${namespace}-jane.yaml`] = entity('User', namespace, 'jane', '  memberOf: [team-a]\n');
    files[`catalog/${namespace}-payments-db.yaml`] = entity('Resource', namespace, 'payments-db', '  type: database\n  owner: team-a\n');
    files[`catalog/${namespace}-web.yaml`] = entity('Component', namespace, 'web', '  type: website\n  lifecycle: production\n  owner: team-a\n');
    files[`catalog/${namespace}-orders-api.yaml`] = entity('API', namespace, 'orders-api', '  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: "openapi: 3.0.0"\n');
  }
  return files;
}

/** What one request must answer: a card or text matching, a target file, items including a label; null for no answer. */
export interface Expected {
  hover: RegExp | null;
  /** Base name of the file definition leads to. */
  definition: string | null;
  /** A label completion offers (and, after `!`, one it must not); null when it offers nothing. */
  completion: string | null;
}

export interface CursorCase {
  name: string;
  kind?: string;
  /** Lines of metadata after `name:` and `namespace:`, and the spec, with one `‸`. */
  metadata?: string;
  spec: string;
  expect(namespace: Namespace): Expected;
}

/** A ref resolved: the card names it, definition opens its file. */
const ref = (kind: string, namespace: string, name: string, completion: string | null): Expected => ({
  hover: new RegExp(`\`${kind}:${namespace}/${name}\`[^]*Defined in \\[${namespace}\\\\-`),
  definition: `${namespace}-${name}.yaml`,
  completion,
});
const field = (path: string, completion: string | null = null): Expected => ({ hover: new RegExp(`^\\*\\*${path.replace(/\./g, '\\\\\\.')}\\*\\*`), definition: null, completion });
const nothing: Expected = { hover: null, definition: null, completion: null };
/** What is written across namespaces: `billing/team-a` seen from default, `default/team-a` seen from billing. */
const other = (namespace: Namespace): Namespace => (namespace === 'default' ? 'billing' : 'default');

const SPEC = '  type: service\n  lifecycle: production\n';

export const CURSOR_CASES: CursorCase[] = [
  { name: 'owner, plain', spec: `${SPEC}  owner: te‸am-a\n`, expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: 'owner, double-quoted', spec: `${SPEC}  owner: "te‸am-a"\n`, expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: "owner, single-quoted", spec: `${SPEC}  owner: 'team‸-a'\n`, expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: 'owner, cursor at the end of the value', spec: `${SPEC}  owner: team-a‸\n`, expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: 'owner, cursor at the start of the value', spec: `${SPEC}  owner: ‸team-a\n`, expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: 'owner in the other namespace', spec: `${SPEC}  owner: OTHER/te‸am-a\n`, expect: (ns) => ref('group', other(ns), 'team-a', 'team-a') },
  { name: 'owner, a full ref', spec: `${SPEC}  owner: group:billing/te‸am-a\n`, expect: () => ref('group', 'billing', 'team-a', 'team-a') },
  { name: 'owner, a user with a kind prefix', spec: `${SPEC}  owner: user:ja‸ne\n`, expect: (ns) => ref('user', ns, 'jane', 'user:jane') },
  { name: 'owner, with a comment after it', spec: `${SPEC}  owner: team‸-a # the platform team\n`, expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: 'owner, the cursor in the comment after it', spec: `${SPEC}  owner: team-a # the plat‸form team\n`, expect: () => nothing },
  { name: 'owner, an anchored value', spec: `${SPEC}  owner: &owner te‸am-a\n`, expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: 'owner, an alias to a label', metadata: '  labels:\n    team: &team team-a\n', spec: `${SPEC}  owner: *te‸am\n`, expect: (ns) => ({ ...ref('group', ns, 'team-a', null), completion: '!team-a' }) },
  { name: 'dependsOn, block list with kind prefixes', spec: `${SPEC}  dependsOn:\n    - resource:payme‸nts-db\n    - component:web\n`, expect: (ns) => ref('resource', ns, 'payments-db', 'resource:payments-db') },
  { name: 'dependsOn, second block item', spec: `${SPEC}  dependsOn:\n    - resource:payments-db\n    - component:w‸eb\n`, expect: (ns) => ref('component', ns, 'web', 'component:web') },
  { name: 'dependsOn, block list at its key’s column', spec: `${SPEC}  dependsOn:\n  - resource:payme‸nts-db\n  - component:web\n`, expect: (ns) => ref('resource', ns, 'payments-db', 'resource:payments-db') },
  { name: 'dependsOn, block item in the other namespace', spec: `${SPEC}  dependsOn:\n    - resource:OTHER/payme‸nts-db\n`, expect: (ns) => ref('resource', other(ns), 'payments-db', 'resource:payments-db') },
  { name: 'dependsOn, quoted block item', spec: `${SPEC}  dependsOn:\n    - "resource:payme‸nts-db"\n`, expect: (ns) => ref('resource', ns, 'payments-db', 'resource:payments-db') },
  { name: 'dependsOn, comment line between items', spec: `${SPEC}  dependsOn:\n    - component:web\n    # resource:payme‸nts-db\n    - resource:payments-db\n`, expect: () => nothing },
  { name: 'dependsOn, flow list', spec: `${SPEC}  dependsOn: [component:web, resource:payme‸nts-db]\n`, expect: (ns) => ref('resource', ns, 'payments-db', 'resource:payments-db') },
  { name: 'dependsOn, flow list over lines', spec: `${SPEC}  dependsOn: [\n    component:web,\n    'resource:payme‸nts-db',\n  ]\n`, expect: (ns) => ref('resource', ns, 'payments-db', 'resource:payments-db') },
  { name: 'consumesApis, flow list of plain names', spec: `${SPEC}  consumesApis: [orders-a‸pi]\n`, expect: (ns) => ref('api', ns, 'orders-api', 'orders-api') },
  { name: 'providesApis, block list', spec: `${SPEC}  providesApis:\n    - orders-a‸pi\n`, expect: (ns) => ref('api', ns, 'orders-api', 'orders-api') },
  { name: 'members of a group, block list', kind: 'Group', spec: '  type: team\n  children: []\n  members:\n    - ja‸ne\n', expect: (ns) => ref('user', ns, 'jane', 'jane') },
  { name: 'memberOf of a user, flow list', kind: 'User', spec: '  memberOf: [te‸am-a]\n', expect: (ns) => ref('group', ns, 'team-a', 'team-a') },
  { name: 'a ref to nothing, half typed', spec: `${SPEC}  owner: te‸\n`, expect: (ns) => ({ hover: new RegExp(`\`group:${ns}/te\` is not in the catalog`), definition: null, completion: 'team-a' }) },
  { name: 'an empty owner', spec: `${SPEC}  owner: ‸\n`, expect: () => field('spec.owner', 'team-a') },
  { name: 'an empty block item under dependsOn', spec: `${SPEC}  dependsOn:\n    - ‸\n`, expect: () => field('spec.dependsOn', 'resource:payments-db') },
  { name: 'an empty flow list', spec: `${SPEC}  providesApis: [‸]\n`, expect: () => field('spec.providesApis', 'orders-api') },
  { name: 'a key', spec: `  type: service\n  lifec‸ycle: production\n  owner: team-a\n`, expect: () => field('spec.lifecycle', '!owner') },
  { name: 'a key being typed above another', spec: `  type: service\n  lif‸\n  owner: team-a\n`, expect: () => ({ hover: null, definition: null, completion: 'lifecycle' }) },
  { name: 'a key being typed last', spec: `  type: service\n  owner: team-a\n  sys‸`, expect: () => ({ hover: null, definition: null, completion: 'system' }) },
  { name: 'a blank line among keys', spec: `  type: service\n  ‸\n  owner: team-a\n`, expect: () => ({ hover: null, definition: null, completion: 'lifecycle' }) },
  { name: 'a metadata key being typed', metadata: '  annot‸\n', spec: `${SPEC}  owner: team-a\n`, expect: () => ({ hover: null, definition: null, completion: 'annotations' }) },
  { name: 'an annotation key', metadata: '  annotations:\n    backstage.io/techdocs-r‸ef: dir:.\n', spec: `${SPEC}  owner: team-a\n`, expect: () => ({ hover: /^\*\*backstage\\\.io\/techdocs\\-ref\*\* — annotation/, definition: null, completion: 'github.com/project-slug' }) },
  { name: 'an annotation key being typed', metadata: '  annotations:\n    github‸\n', spec: `${SPEC}  owner: team-a\n`, expect: () => ({ hover: null, definition: null, completion: 'github.com/project-slug' }) },
  { name: 'a literal block scalar that reads like a key', metadata: '  description: |\n    Handles invoices.\n    owner: te‸am-a\n', spec: `${SPEC}  owner: team-a\n`, expect: () => field('metadata.description') },
  { name: 'a folded block scalar', metadata: '  description: >\n    Handles invoices\n    for dependsOn: resource:payme‸nts-db\n', spec: `${SPEC}  owner: team-a\n`, expect: () => field('metadata.description') },
  { name: 'the kind', spec: `${SPEC}  owner: team-a\n`, metadata: '', kind: 'Compo‸nent', expect: () => ({ hover: /^\*\*kind\*\* — string, required/, definition: null, completion: 'Component' }) },
];

/** Ways the same entity is written: each must read the same under the cursor. */
export const FORMS: { name: string; write(marked: string): string }[] = [
  { name: 'LF', write: (marked) => marked },
  { name: 'CRLF', write: (marked) => marked.replace(/\n/g, '\r\n') },
  { name: 'BOM', write: (marked) => `\uFEFF${marked}` },
  {
    name: 'comment headers and several documents',
    write: (marked) => `# The billing catalog.\n# Owned by team-a.\n---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: header-db\nspec:\n  type: database\n  owner: team-a\n---\n# The entity being edited.\n${marked}---\n# trailing comment\n`,
  },
  {
    // A comment line before every list item, and a comment after every key that opens a block.
    name: 'comments between lines',
    write: (marked) =>
      marked
        .split('\n')
        .map((line) => (/^\s+- /.test(line) && !line.includes('#') ? `${/^\s*/.exec(line)![0]}# an item\n${line}` : /^\s*[\w.]+:$/.test(line) ? `${line} # a block` : line))
        .join('\n'),
  },
];

/** The entity of a case in `namespace`, cursor marked, before any form is applied. */
export function caseText(cursorCase: CursorCase, namespace: Namespace, name: string): string {
  const kind = cursorCase.kind ?? 'Component';
  const spec = cursorCase.spec.replace('OTHER', other(namespace));
  return `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${cursorCase.metadata ?? ''}spec:\n${spec}${spec.endsWith('\n') ? '' : '\n'}`;
}
