import * as path from 'node:path';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Catalog } from '../core/catalog/catalog';
import type { EntityRecord } from '../core/catalog/catalogFile';
import type { CatalogSearchIndex } from '../core/search/catalogSearch';
import { nameOf } from '../core/catalog/refProblems';
import { clip, ToolInputError, type ToolContext } from './toolKit';

/** Kinds in the order a bare name is most likely meant, when it names entities of several kinds. */
const KIND_PREFERENCE = ['component', 'api', 'resource', 'system', 'domain', 'group', 'user', 'template', 'location'];

/**
 * The entity a caller names: a full ref, `kind:name`, or a bare name (an error when several kinds share
 * it). An unknown name is an error that offers the nearest matches, so that the caller can try again.
 */
export function findEntity(catalog: Catalog, search: CatalogSearchIndex, named: string, defaultKind?: string): EntityRecord {
  const text = named.trim();
  if (!text) throw new ToolInputError('An entity ref or name is needed, such as component:default/payments or payments.');
  if (text.includes(':') || defaultKind) {
    let ref: string | undefined;
    try {
      ref = stringifyEntityRef(parseEntityRef(text, { defaultKind, defaultNamespace: 'default' }));
    } catch {
      // Reported below with suggestions.
    }
    const record = ref === undefined ? undefined : catalog.entity(ref);
    if (record) return record;
  } else {
    const [namespace, name] = text.includes('/') ? text.split('/', 2) : [undefined, text];
    const matches = catalog.shownEntities().filter((record) => {
      const metadata = (record.entity.metadata ?? {}) as { name?: unknown; namespace?: unknown };
      return typeof metadata.name === 'string' && metadata.name.toLowerCase() === name.toLowerCase() && (namespace === undefined || (metadata.namespace ?? 'default') === namespace) && catalog.entity(record.ref) === record;
    });
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      const rank = (record: EntityRecord) => KIND_PREFERENCE.indexOf(record.ref.slice(0, record.ref.indexOf(':')).toLowerCase());
      const refs = matches.sort((a, b) => rank(a) - rank(b)).map((record) => record.ref);
      throw new ToolInputError(`"${clip(text, 200)}" names ${refs.length} entities: ${refs.slice(0, 10).join(', ')}. Give the full ref.`);
    }
  }
  const near = search.search(nameOf(text), 5).map((result) => result.ref);
  throw new ToolInputError(`No entity "${clip(text, 200)}" in the catalog.${near.length > 0 ? ` The nearest: ${near.join(', ')}.` : ' Use search_catalog to find it.'}`);
}

/**
 * A path the caller gives, absolute or relative to the first workspace folder, normalised; an error
 * when it leads outside every workspace folder. Nothing is read.
 */
export function workspacePath(context: ToolContext, given: string): { absolute: string; folder: string } {
  const folders = context.folders();
  if (folders.length === 0) throw new ToolInputError('No workspace folder is open.');
  const absolute = path.resolve(folders[0], given.replace(/^file:\/\//, ''));
  const folder = folders.filter((candidate) => absolute === candidate || absolute.startsWith(candidate + path.sep)).sort((a, b) => b.length - a.length)[0];
  if (!folder) throw new ToolInputError(`${clip(given, 300)} is outside the workspace (${folders.join(', ')}); give a path inside it, relative to ${folders[0]} or absolute.`);
  return { absolute, folder };
}

export function displayPathOf(context: ToolContext): (file: string) => string {
  const source = context.source();
  return (file) => source.displayPath?.(file) ?? file;
}
