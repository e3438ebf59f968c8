import dagre from '@dagrejs/dagre';
import type { EntityGraph, EntityGraphNode } from '../../protocol/entityPageMessages';

/** How each relation reads on an edge, as Backstage's catalog graph labels it. */
export const RELATION_LABELS: Record<string, string> = {
  ownedBy: 'owned by',
  partOf: 'part of',
  providesApi: 'provides API',
  consumesApi: 'consumes API',
  dependsOn: 'depends on',
  memberOf: 'member of',
  childOf: 'child of',
};

export interface PlacedNode extends EntityGraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  source: string;
  target: string;
  type: string;
  label: string;
  points: { x: number; y: number }[];
  labelX: number;
  labelY: number;
  labelWidth: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const NODE_HEIGHT = 30;

/** Which way the graph runs, as Backstage's catalog graph offers it. */
export type GraphDirection = 'LR' | 'RL' | 'TB' | 'BT';
export const GRAPH_DIRECTIONS: Record<GraphDirection, string> = { LR: 'Left to right', RL: 'Right to left', TB: 'Top to bottom', BT: 'Bottom to top' };

/**
 * Lays out the graph with dagre, left to right unless told otherwise, as Backstage's catalog graph does,
 * after dropping the relation types in `hidden` and the entities that no longer connect to the root.
 */
export function layOutGraph(graph: EntityGraph, hidden: ReadonlySet<string>, direction: GraphDirection = 'LR'): GraphLayout {
  const edges = graph.edges.filter((edge) => !hidden.has(edge.type));
  const reachable = reachableFrom(graph.root, edges);
  const nodes = graph.nodes.filter((node) => reachable.has(node.ref));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: direction, nodesep: 18, ranksep: 90, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) g.setNode(node.ref, { width: Math.min(280, 40 + node.title.length * 7.5), height: NODE_HEIGHT });
  const kept = edges.filter((edge) => reachable.has(edge.source) && reachable.has(edge.target));
  for (const edge of kept) {
    const label = RELATION_LABELS[edge.type] ?? edge.type;
    g.setEdge(edge.source, edge.target, { width: labelWidth(label), height: 16, labelpos: 'c' }, edge.type);
  }
  dagre.layout(g);
  const placedNodes = nodes.map((node) => {
    const placed = g.node(node.ref) as { x: number; y: number; width: number; height: number };
    return { ...node, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
  });
  const placedEdges = kept.map((edge) => {
    const placed = g.edge(edge.source, edge.target, edge.type) as { points?: { x: number; y: number }[]; x?: number; y?: number };
    const label = RELATION_LABELS[edge.type] ?? edge.type;
    return { ...edge, label, points: placed.points ?? [], labelX: placed.x ?? 0, labelY: placed.y ?? 0, labelWidth: labelWidth(label) };
  });
  const { width = 0, height = 0 } = g.graph() as { width?: number; height?: number };
  return { nodes: placedNodes, edges: placedEdges, width, height };
}

/** Room for an edge's label at 11px. */
function labelWidth(label: string): number {
  return label.length * 6.2 + 8;
}

function reachableFrom(root: string, edges: readonly { source: string; target: string }[]): Set<string> {
  const neighbours = new Map<string, string[]>();
  for (const { source, target } of edges) {
    neighbours.set(source, [...(neighbours.get(source) ?? []), target]);
    neighbours.set(target, [...(neighbours.get(target) ?? []), source]);
  }
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const next of neighbours.get(queue.shift()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
