import * as path from 'node:path';
import type { DocumentSymbol, DocumentLink, Location, LocationLink, WorkspaceSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Catalog } from '../../core/catalog/catalog';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import type { CatalogSearchIndex } from '../../core/search/catalogSearch';
import { entityTitle } from '../../core/catalog/entityGrouping';
import { deriveToolLinks, isEncodable } from '../../core/catalog/toolLinks';
import { fieldText } from '../../core/catalog/fieldText';
import type { TextRange } from '../../core/catalog/textRange';
import type { CursorContext } from '../../core/language/yamlCursor';
import type { ParsedYamlFile, YamlDocument } from '../../core/language/yamlDocuments';
import type { Entity } from '@backstage/catalog-model';
import { sourceLocation } from '../catalog/entityViews';
import { ownRefAtCursor, refAtCursor } from './refAtCursor';

const SYMBOL_KINDS: Record<string, SymbolKind> = {
  component: SymbolKind.Module,
  api: SymbolKind.Interface,
  resource: SymbolKind.Struct,
  system: SymbolKind.Package,
  domain: SymbolKind.Namespace,
  group: SymbolKind.Class,
  user: SymbolKind.Object,
  template: SymbolKind.Function,
  location: SymbolKind.File,
};

/** Go to definition: a ref to its entity, a Location target or a `$text` path to its file. */
export function definition(catalog: Catalog, filePath: string, context: CursorContext | undefined): LocationLink[] {
  const atRef = refAtCursor(context);
  if (atRef) {
    const target = catalog.entity(atRef.ref);
    if (!target) return [];
    return [{ originSelectionRange: atRef.context.token.range, targetUri: sourceLocation(target).uri, targetRange: target.range, targetSelectionRange: target.selectionRange }];
  }
  if (!context || context.on !== 'value' || !context.token.text) return [];
  const isTarget = context.kind === 'Location' && context.path[0] === 'spec' && (context.path[1] === 'target' || context.path[1] === 'targets');
  const isPlaceholder = /^\$(text|json|yaml)$/.test(context.path[context.path.length - 1] ?? '');
  if (!isTarget && !isPlaceholder) return [];
  const written = context.token.text;
  if (/^[a-z][\w+.-]*:/i.test(written) || /[*?[\]{}]/.test(written) || !isEncodable(written)) return [];
  const file = path.resolve(path.dirname(filePath), written);
  const start = { line: 0, character: 0 };
  return [{ originSelectionRange: context.token.range, targetUri: URI.file(file).toString(), targetRange: { start, end: start }, targetSelectionRange: { start, end: start } }];
}

/** Find all references: every spec field that names the entity under the cursor. */
export function references(catalog: Catalog, context: CursorContext | undefined, includeDeclaration: boolean): Location[] {
  const ref = refAtCursor(context)?.ref ?? ownRefAtCursor(context);
  if (!ref) return [];
  const sites = catalog.referencesTo(ref).map((site) => ({ uri: URI.file(site.from.path).toString(), range: site.ref.range }));
  const declaration = catalog.entity(ref);
  if (includeDeclaration && declaration) sites.unshift({ uri: sourceLocation(declaration).uri, range: declaration.selectionRange });
  return sites;
}

/** The outline of a file: one symbol per entity, named by its ref. */
export function documentSymbols(parsed: ParsedYamlFile): DocumentSymbol[] {
  return entityDocuments(parsed).map(({ document, entity }) => {
    const kind = fieldText(entity.kind);
    // Editors reject a symbol with an empty name.
    const name = fieldText(entity.metadata?.name ?? '') || '(no name)';
    const selectionRange = document.rangeOf(['metadata', 'name']) ?? document.range;
    return { name, detail: kind, kind: symbolKind(kind), range: document.range, selectionRange };
  });
}

/** Symbol search answers past this many are left out: a query narrows them. */
const MAX_WORKSPACE_SYMBOLS = 500;

/**
 * Go to Symbol in Workspace: the entities the palette's search finds for `query`, in its order; with
 * no query, every entity by name. Each goes to its definition, or to its Backstage document.
 */
export function entitySymbols(catalog: Catalog, index: CatalogSearchIndex, query: string): WorkspaceSymbol[] {
  const records = query.trim()
    ? index.search(query, MAX_WORKSPACE_SYMBOLS).flatMap((result) => catalog.entity(result.ref) ?? [])
    : catalog
        .entities()
        .filter((record) => catalog.entity(record.ref) === record)
        .sort((a, b) => fieldText(a.entity.metadata?.name).localeCompare(fieldText(b.entity.metadata?.name)));
  return records.map(entitySymbol);
}

function entitySymbol(record: EntityRecord): WorkspaceSymbol {
  const kind = fieldText(record.entity.kind);
  const { uri, selectionRange } = sourceLocation(record);
  const name = fieldText(record.entity.metadata?.name) || record.ref;
  const title = entityTitle(record.entity);
  return {
    name,
    kind: symbolKind(kind),
    // The protocol has no detail for a workspace symbol: editors show the container beside the name.
    containerName: title !== name ? title : undefined,
    location: { uri, range: selectionRange },
  };
}

function symbolKind(kind: string): SymbolKind {
  return Object.hasOwn(SYMBOL_KINDS, kind.toLowerCase()) ? SYMBOL_KINDS[kind.toLowerCase()] : SymbolKind.Object;
}

/** Clickable URLs: `metadata.links`, annotations that map to a page, Location targets and `$text` files. */
export function documentLinks(filePath: string, parsed: ParsedYamlFile): DocumentLink[] {
  const links: DocumentLink[] = [];
  const add = (range: TextRange | undefined, target: string) => {
    if (range) links.push({ range, target });
  };
  for (const { document, entity } of entityDocuments(parsed)) {
    const ownLinks: unknown = entity.metadata?.links;
    (Array.isArray(ownLinks) ? ownLinks : []).forEach((link: { url?: unknown } | null, index) => {
      if (typeof link?.url === 'string' && /^https?:\/\//.test(link.url) && isEncodable(link.url)) add(document.rangeOf(['metadata', 'links', index, 'url']), link.url);
    });
    for (const link of safeToolLinks(entity, filePath)) {
      if (link.origin !== 'metadata.links') add(document.rangeOf(['metadata', 'annotations', link.origin]), link.url);
    }
    const spec = (entity.spec ?? {}) as { target?: unknown; targets?: unknown };
    if (entity.kind === 'Location') {
      const targets: [unknown, (string | number)[]][] = [[spec.target, ['spec', 'target']], ...(Array.isArray(spec.targets) ? spec.targets.map((t, i): [unknown, (string | number)[]] => [t, ['spec', 'targets', i]]) : [])];
      for (const [target, at] of targets) {
        if (typeof target === 'string' && isEncodable(target) && !/^[a-z][\w+.-]*:/i.test(target) && !/[*?[\]{}]/.test(target)) add(document.rangeOf(at), URI.file(path.resolve(path.dirname(filePath), target)).toString());
      }
    }
  }
  return links;
}

function entityDocuments(parsed: ParsedYamlFile): { document: YamlDocument; entity: Entity }[] {
  return parsed.documents.filter((document) => !document.isEmpty && typeof document.value === 'object' && document.value !== null && 'kind' in document.value)
    .map((document) => ({ document, entity: document.value as Entity }));
}

function safeToolLinks(entity: Entity, filePath: string) {
  try {
    return entity.metadata ? deriveToolLinks(entity, filePath) : [];
  } catch {
    return [];
  }
}
