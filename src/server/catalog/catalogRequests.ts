import type { Entity } from '@backstage/catalog-model';
import type { Connection } from 'vscode-languageserver';
import { toolLinksOf, type EntityRecord } from '../../core/catalog/catalogFile';
import { groupEntities } from '../../core/catalog/entityGrouping';
import {
  AllLinksRequest,
  CatalogStatusRequest,
  EntityCardRequest,
  EntityDetailsRequest,
  EntityGroupsRequest,
  EntityPageRequest,
  ApiDefinitionLensRequest,
  EntityGraphRequest,
  GroupEntitiesRequest,
  SearchRequest,
} from '../../protocol/catalogProtocol';
import { apiDefinitionLenses } from './apiDefinitionLenses';
import { entityGraph } from './entityGraphs';
import { apiDefinition, entityPage } from './entityPages';
import { entityGroups, findRecord, titleOf, toDetails, toSummary } from './entityViews';
import { entityCard } from '../features/hover';
import type { SearchSync } from './searchSync';
import type { WorkspaceCatalog } from './workspaceCatalog';

/**
 * Greenroom's own requests: the tree's levels, entity details, pages and cards, search and links. The tree's levels, entity
 * details, cards and search answer from what the first load has read so far; the others wait for it to end.
 */
export function registerCatalogRequests(
  connection: Connection,
  workspace: WorkspaceCatalog,
  search: SearchSync,
  /** The whole entity as Backstage has it: the catalog keeps only some fields of remote entities (not an API's definition). */
  fullEntity: (record: EntityRecord) => Promise<Entity | undefined> = (record) => Promise.resolve(record.entity),
): void {
  connection.onRequest(CatalogStatusRequest, () => workspace.status());

  connection.onRequest(EntityGroupsRequest, async (params) => {
    await workspace.previewOrShown;
    // A warm start answers from its saved preview until the saved catalog is decoded.
    const groups = workspace.preview?.groups(params.groupBy);
    if (groups) return groups;
    await workspace.firstShown;
    return entityGroups(workspace.catalog, params.groupBy);
  });

  connection.onRequest(GroupEntitiesRequest, async (params) => {
    await workspace.firstShown;
    const catalog = workspace.catalog;
    const group = groupEntities(catalog.shownEntities(), params.groupBy, (ref) => titleOf(catalog, ref)).find((candidate) => candidate.key === params.key);
    return group ? group.entities.map((record) => toSummary(record, catalog)) : [];
  });

  connection.onRequest(EntityDetailsRequest, async (params) => {
    await workspace.firstShown;
    const catalog = workspace.catalog;
    const record = findRecord(catalog, params.ref, params.location);
    return record ? toDetails(record, catalog) : null;
  });

  connection.onRequest(EntityPageRequest, async (params) => {
    await workspace.firstLoad;
    const record = findRecord(workspace.catalog, params.ref, params.location);
    if (!record) return null;
    const page = entityPage(record, workspace.catalog);
    if (record.remote && page.entity.kind === 'API' && !page.definition) {
      const definition = await remoteDefinition(record);
      if (definition !== undefined) page.definition = apiDefinition(page.entity.type ?? '', definition);
    }
    return page;
  });

  connection.onRequest(ApiDefinitionLensRequest, async (params) => {
    await workspace.firstLoad;
    return apiDefinitionLenses(workspace.catalog, params.uri, params.text);
  });

  connection.onRequest(EntityGraphRequest, async (params) => {
    await workspace.firstLoad;
    return entityGraph(workspace.catalog, params.ref, params.depth);
  });

  connection.onRequest(EntityCardRequest, async (params) => {
    await workspace.firstShown;
    const record = findRecord(workspace.catalog, params.ref, params.location);
    return record ? entityCard(record) : null;
  });

  connection.onRequest(SearchRequest, async (params) => {
    await workspace.previewOrShown;
    const shown = workspace.preview;
    const preview = await shown?.search(params.query, params.limit ?? 50);
    // Not when the preview ended meanwhile (a file or an editor's text changed): the catalog answers then.
    if (preview && workspace.preview === shown) return preview;
    await workspace.firstShown;
    const results = await search.search(params.query, params.limit ?? 50);
    const catalog = workspace.catalog;
    return results.flatMap((result) => {
      const record = catalog.entity(result.ref);
      return record ? [{ entity: toSummary(record, catalog) }] : [];
    });
  });

  connection.onRequest(AllLinksRequest, async () => {
    await workspace.firstLoad;
    const catalog = workspace.catalog;
    return catalog.entities().flatMap((record) => {
      const links = catalog.entity(record.ref) === record ? toolLinksOf(record) : [];
      if (links.length === 0) return [];
      const entity = toSummary(record, catalog);
      return links.map((link) => ({ entity, link }));
    });
  });

  /** Remote APIs' definitions, read once per version of the entity (Backstage changes its etag with it). */
  const definitions = new Map<string, Promise<string | undefined>>();
  function remoteDefinition(record: EntityRecord): Promise<string | undefined> {
    const key = `${record.key}@${String(record.entity.metadata?.etag ?? '')}`;
    let definition = definitions.get(key);
    if (!definition) {
      if (definitions.size >= 100) definitions.clear();
      definition = fullEntity(record).then(
        (entity) => {
          const text = (entity?.spec as { definition?: unknown } | undefined)?.definition;
          return typeof text === 'string' ? text : undefined;
        },
        () => undefined,
      );
      definitions.set(key, definition);
      // A failed read is tried again next time.
      void definition.then((text) => text === undefined && definitions.delete(key));
    }
    return definition;
  }
}
