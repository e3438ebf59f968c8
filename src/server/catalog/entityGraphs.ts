// The relations graph of the entity page: an entity's neighbourhood to a depth, as Backstage's catalog graph draws it.
import type { Catalog } from '../../core/catalog/catalog';
import type { EntityGraph, EntityGraphEdge, EntityGraphNode } from '../../protocol/catalogProtocol';
import { entityLink } from './entityPages';

/** A neighbourhood stops growing here; the answer says it was cut. */
export const GRAPH_NODE_LIMIT = 300;

/** Each relation type an index holds both ways, named by its forward type (the one Backstage's graph draws). */
const FORWARD: Record<string, string> = {
  ownerOf: 'ownedBy',
  hasPart: 'partOf',
  apiProvidedBy: 'providesApi',
  apiConsumedBy: 'consumesApi',
  dependencyOf: 'dependsOn',
  hasMember: 'memberOf',
  parentOf: 'childOf',
};
const FORWARD_TYPES = new Set(Object.values(FORWARD));

/** The entities within `depth` (1–3) relations of `ref`, either way, and the relations between them, each once. */
export function entityGraph(catalog: Catalog, ref: string, depth: number): EntityGraph | null {
  const root = catalog.entity(ref);
  if (!root) return null;
  const levels = Math.min(3, Math.max(1, Math.floor(depth) || 1));
  const nodes = new Map<string, EntityGraphNode>();
  const edges = new Map<string, EntityGraphEdge>();
  const add = (key: string) => {
    const link = entityLink(key, catalog);
    nodes.set(key.toLowerCase(), { ref: link.ref, title: link.title, kind: link.kind, inCatalog: link.inCatalog });
  };
  add(root.ref);
  let frontier = [root.ref];
  let truncated = false;
  for (let level = 0; level < levels && frontier.length > 0 && !truncated; level++) {
    const next: string[] = [];
    for (const source of frontier) {
      for (const relation of catalog.relationsOf(source)) {
        const forward = FORWARD_TYPES.has(relation.type);
        const type = forward ? relation.type : FORWARD[relation.type];
        if (!type) continue;
        const target = relation.target.toLowerCase();
        if (!nodes.has(target)) {
          if (nodes.size >= GRAPH_NODE_LIMIT) {
            truncated = true;
            continue;
          }
          add(relation.target);
          next.push(relation.target);
        }
        const [from, to] = forward ? [source, relation.target] : [relation.target, source];
        const edge = { source: nodes.get(from.toLowerCase())!.ref, target: nodes.get(to.toLowerCase())!.ref, type };
        edges.set(`${edge.source.toLowerCase()} ${type} ${edge.target.toLowerCase()}`, edge);
      }
    }
    frontier = next;
  }
  return { root: root.ref, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
