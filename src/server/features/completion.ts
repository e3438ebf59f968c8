import { parseEntityRef } from '@backstage/catalog-model';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { Catalog } from '../../core/catalog/catalog';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import { COMMON_VALUES, fieldsUnder, KIND_API_VERSIONS } from '../../core/language/entityFieldDocs';
import { entityTitle } from '../../core/catalog/entityGrouping';
import { fieldText } from '../../core/catalog/fieldText';
import { relationField, type RelationField } from '../../core/catalog/entityRelations';
import { KNOWN_KINDS } from '../../core/catalog/entityValidation';
import type { TextRange } from '../../core/catalog/textRange';
import type { CursorContext } from '../../core/language/yamlCursor';
import SNIPPETS from '../../../snippets/catalog-info.json';

/** Ref completion stops here: the list is marked incomplete and narrows as the user types. */
const MAX_REF_ITEMS = 200;

/** Completion: keys valid at the cursor for the entity's kind, and values for the field the cursor is in. */
export function completion(catalog: Catalog, context: CursorContext | undefined): CompletionList | null {
  if (!context) return null;
  const range = context.token.range;
  if (context.on === 'key') return { isIncomplete: false, items: keyItems(context, range) };
  return valueItems(catalog, context, range);
}

function keyItems(context: CursorContext, range: TextRange): CompletionItem[] {
  const parent = context.path.slice(0, -1);
  const taken = new Set(context.siblingKeys);
  if (!context.kind) {
    if (parent.length > 0) return [];
    // Where an entity can start, a whole entity of any kind; otherwise the envelope's keys.
    const keys = ['apiVersion', 'kind', 'metadata', 'spec'].filter((key) => !taken.has(key)).map((key) => ({ label: key, kind: CompletionItemKind.Property, textEdit: { range, newText: `${key}: ` } }));
    return taken.size === 0 ? [...snippetItems(range), ...keys] : keys;
  }
  return fieldsUnder(context.kind, context.apiVersion ?? '', parent)
    .filter((field) => !taken.has(field.path[field.path.length - 1]))
    .map((field) => {
      const key = field.path[field.path.length - 1];
      // Objects and lists continue on the next line, indented under the key.
      const block = field.type === 'object' || field.type === 'array';
      const indent = ' '.repeat(range.start.character + 2);
      return {
        label: key,
        kind: CompletionItemKind.Property,
        detail: [field.type, field.required ? 'required' : undefined].filter(Boolean).join(', '),
        documentation: field.description ? { kind: 'markdown', value: withExample(field.description, field.examples[0]) } : undefined,
        // Required keys first, then the rest, each alphabetically.
        sortText: `${field.required ? 0 : 1}${key}`,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: block ? `${key}:\n${indent}${field.type === 'array' ? '- ' : ''}$0` : `${key}: $0` },
      } satisfies CompletionItem;
    });
}

function withExample(description: string, example: unknown): string {
  return example === undefined ? description : `${description}\n\nExample: \`${typeof example === 'string' ? example : JSON.stringify(example)}\``;
}

/** The snippets of snippets/catalog-info.json, one per kind, for every LSP editor. */
function snippetItems(range: TextRange): CompletionItem[] {
  return Object.values(SNIPPETS).map((snippet) => ({
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    detail: snippet.description,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: snippet.body.join('\n') },
  }));
}

function valueItems(catalog: Catalog, context: CursorContext, range: TextRange): CompletionList | null {
  const path = context.path.join('.');
  const simple = (values: { value: string; description?: string }[], kind: CompletionItemKind = CompletionItemKind.Value): CompletionList => ({
    isIncomplete: false,
    items: values.map(({ value, description }, index) => ({ label: value, kind, documentation: description, sortText: String(index).padStart(4, '0'), textEdit: { range, newText: value } })),
  });
  if (path === 'kind') return simple(KNOWN_KINDS.map((value) => ({ value })), CompletionItemKind.Class);
  if (path === 'apiVersion') {
    const versions = context.kind ? (Object.hasOwn(KIND_API_VERSIONS, context.kind) ? KIND_API_VERSIONS[context.kind] : []) : [...new Set(Object.values(KIND_API_VERSIONS).flat())];
    return simple(versions.map((value) => ({ value })));
  }
  if (!context.kind) return null;
  if (path === 'metadata.tags') return simple(usedValues(catalog.entities(), (r) => r.entity.metadata?.tags).map((value) => ({ value })), CompletionItemKind.Keyword);
  if (path === 'spec.lifecycle' || path === 'spec.type') {
    const common = COMMON_VALUES.find((c) => c.kind === context.kind && c.path.join('.') === path)?.values ?? [];
    const field = context.path[1];
    const used = usedValues(catalog.entitiesOfKind(context.kind), (r) => (r.entity.spec as Record<string, unknown> | undefined)?.[field]);
    const extra = used.filter((value) => !common.some((c) => c.value === value)).map((value) => ({ value, description: 'Used in this catalog' }));
    return simple([...common, ...extra]);
  }
  const field = context.path[0] === 'spec' && context.path.length === 2 ? relationField(context.kind, context.path[1]) : undefined;
  return field ? refItems(catalog, field, context, range) : null;
}

/** Entities the field accepts, written the shortest way Backstage reads back as the same ref. */
function refItems(catalog: Catalog, field: RelationField, context: CursorContext, range: TextRange): CompletionList {
  const prefix = context.prefix.toLowerCase().replace(/^.*[:/]/, '');
  const candidates = field.accepts.flatMap((kind) => catalog.entitiesOfKind(kind)).filter((record) => !record.failure);
  const ranked = candidates
    .map((record) => ({ record, rank: rankName(fieldText(record.entity.metadata?.name), entityTitle(record.entity), prefix) }))
    .filter(({ rank }) => rank < 3)
    .sort((a, b) => a.rank - b.rank || fieldText(a.record.entity.metadata?.name).localeCompare(fieldText(b.record.entity.metadata?.name)));
  const items = ranked.slice(0, MAX_REF_ITEMS).map(({ record, rank }, index): CompletionItem => {
    const written = shortRef(record, field, context.namespace);
    return {
      label: written,
      kind: CompletionItemKind.Reference,
      detail: `${fieldText(record.entity.kind)} · ${entityTitle(record.entity)}`,
      documentation: typeof record.entity.metadata?.description === 'string' ? record.entity.metadata.description : undefined,
      filterText: `${written} ${entityTitle(record.entity)}`,
      sortText: `${rank}${String(index).padStart(5, '0')}`,
      textEdit: { range, newText: written },
    };
  });
  return { isIncomplete: ranked.length > MAX_REF_ITEMS, items };
}

/** 0: name starts with what was typed; 1: title does; 2: either contains it; 3: neither. */
function rankName(name: string, title: string, prefix: string): number {
  if (prefix === '') return 0;
  const lowerName = name.toLowerCase();
  const lowerTitle = title.toLowerCase();
  if (lowerName.startsWith(prefix)) return 0;
  if (lowerTitle.startsWith(prefix)) return 1;
  return lowerName.includes(prefix) || lowerTitle.includes(prefix) ? 2 : 3;
}

/**
 * `team-a` for a Group in an owner field, `user:jane` for a User, `other/team-b` across namespaces:
 * a ref without a namespace is read in the writing entity's own namespace, as Backstage reads it.
 */
function shortRef(record: EntityRecord, field: RelationField, ownNamespace: string): string {
  const { kind, namespace, name } = parseEntityRef(record.ref);
  const kindPart = field.defaultKind && field.defaultKind.toLowerCase() === kind.toLowerCase() ? '' : `${kind.toLowerCase()}:`;
  const namespacePart = namespace.toLowerCase() === ownNamespace.toLowerCase() ? '' : `${namespace}/`;
  return `${kindPart}${namespacePart}${fieldText(record.entity.metadata?.name ?? name)}`;
}

function usedValues(records: readonly EntityRecord[], pick: (record: EntityRecord) => unknown): string[] {
  const values = new Set<string>();
  for (const record of records) {
    const value = pick(record);
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string' && item) values.add(item);
  }
  return [...values].sort();
}
