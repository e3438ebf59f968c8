// The CodeLens on an API definition file: which API it defines, who provides and who consumes it.
import { URI } from 'vscode-uri';
import type { Catalog } from '../../core/catalog/catalog';
import { fieldText } from '../../core/catalog/fieldText';
import type { ApiDefinitionLens } from '../../protocol/catalogProtocol';
import { entityLink } from './entityPages';

/**
 * The APIs whose definition `uri` is: the APIs of the catalog files that read it through `$text`,
 * narrowed, when a catalog file has several, to those whose definition is the file's `text`.
 */
export function apiDefinitionLenses(catalog: Catalog, uri: string, text: string): ApiDefinitionLens[] {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return [];
  const lenses: ApiDefinitionLens[] = [];
  for (const file of catalog.filesIncluding(parsed.fsPath)) {
    const apis = catalog.entities().filter((record) => record.path === file && !record.remote && fieldText(record.entity.kind) === 'API' && catalog.entity(record.ref) === record);
    const same = apis.filter((record) => (record.entity.spec as { definition?: unknown } | undefined)?.definition === text);
    for (const record of same.length > 0 || apis.length > 1 ? same : apis) {
      const targets = (type: string) =>
        catalog
          .relationsOf(record.ref)
          .filter((relation) => relation.type === type)
          .map((relation) => entityLink(relation.target, catalog))
          .sort((a, b) => a.title.localeCompare(b.title));
      lenses.push({ api: entityLink(record.ref, catalog), providers: targets('apiProvidedBy'), consumers: targets('apiConsumedBy') });
    }
  }
  return lenses;
}
