import type { EntityGroupSummary, EntitySummary, GroupBy, LinkView } from '../../protocol/catalogProtocol';

/** What a row of the catalog tree stands for. */
export type CatalogNode = GroupNode | EntityNode | UnresolvedNode | LinkNode;

export interface GroupNode {
  type: 'group';
  groupBy: GroupBy;
  group: EntityGroupSummary;
}

export interface EntityNode {
  type: 'entity';
  entity: EntitySummary;
  /** Set when the entity is shown as a relation of its parent, e.g. `ownedBy`. */
  relation?: string;
  /** Identity of the row's parent, so that the same entity can appear in several places. */
  parentId: string;
  /** Set when a sibling row has the same title (two users "Guest User" in two namespaces): what tells this one apart. */
  distinguisher?: string;
}

export interface UnresolvedNode {
  type: 'unresolved';
  relation: string;
  targetRef: string;
  parentId: string;
}

export interface LinkNode {
  type: 'link';
  link: LinkView;
  entity: EntitySummary;
  parentId: string;
}

export function nodeId(node: CatalogNode): string {
  switch (node.type) {
    case 'group':
      return `group:${node.groupBy}:${node.group.key}`;
    case 'entity':
      return `${node.parentId}/${node.relation ?? 'entity'}:${node.entity.ref}@${node.entity.location.uri}#${node.entity.location.range.start.line}`;
    case 'unresolved':
      return `${node.parentId}/${node.relation}:${node.targetRef}`;
    case 'link':
      return `${node.parentId}/link:${node.link.url}`;
  }
}
