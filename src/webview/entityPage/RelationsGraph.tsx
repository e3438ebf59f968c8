import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import { GraphRequest, OpenEntityNotification, type EntityGraph } from '../../protocol/entityPageMessages';
import { GRAPH_DIRECTIONS, layOutGraph, RELATION_LABELS, type GraphDirection, type PlacedNode } from './graphLayout';
import { host } from './hostBridge';
import { kindIconClass } from './kindIcons';

const HEIGHT = 420;
const ARROWS: Record<string, [number, number]> = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

/**
 * The relations graph: the entity and its neighbours to a chosen depth, laid out by dagre, with
 * relation filters, a direction, zoom and pan; a node opens its page on click, Enter or Space, and the arrow keys
 * move between nodes. `version` changes with every page the host sends, so the graph follows the catalog.
 */
export function RelationsGraph({ version }: { version: number }) {
  const [depth, setDepth] = useState(1);
  const [direction, setDirection] = useState<GraphDirection>('LR');
  const [graph, setGraph] = useState<EntityGraph | null | undefined>();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [view, setView] = useState({ x: 0, y: 0, scale: 1 });
  const svg = useRef<SVGSVGElement>(null);
  const nodeRefs = useRef(new Map<string, SVGGElement>());
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);

  useEffect(() => {
    let live = true;
    host.request(GraphRequest, { depth }).then(
      (answer) => live && setGraph(answer),
      () => live && setGraph(null),
    );
    return () => {
      live = false;
    };
  }, [depth, version]);

  const layout = useMemo(() => (graph ? layOutGraph(graph, hidden, direction) : undefined), [graph, hidden, direction]);
  const types = useMemo(() => [...new Set(graph?.edges.map((edge) => edge.type) ?? [])].sort(), [graph]);

  const fit = () => {
    const width = svg.current?.clientWidth ?? 800;
    if (!layout || layout.width === 0) return;
    const scale = Math.min(1.2, width / layout.width, HEIGHT / layout.height);
    setView({ scale, x: (width - layout.width * scale) / 2, y: (HEIGHT - layout.height * scale) / 2 });
  };
  // A new layout is shown whole.
  useEffect(fit, [layout]);

  const zoom = (factor: number, at?: { x: number; y: number }) =>
    setView((current) => {
      const scale = Math.min(3, Math.max(0.2, current.scale * factor));
      const point = at ?? { x: (svg.current?.clientWidth ?? 800) / 2, y: HEIGHT / 2 };
      return { scale, x: point.x - ((point.x - current.x) * scale) / current.scale, y: point.y - ((point.y - current.y) * scale) / current.scale };
    });
  const onWheel = (event: WheelEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, { x: event.clientX - box.left, y: event.clientY - box.top });
  };
  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if ((event.target as Element).closest('.graph-node')) return;
    drag.current = { x: event.clientX, y: event.clientY };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const from = drag.current;
    if (!from) return;
    drag.current = { x: event.clientX, y: event.clientY };
    setView((current) => ({ ...current, x: current.x + event.clientX - from.x, y: current.y + event.clientY - from.y }));
  };

  const open = (node: PlacedNode) => {
    if (node.inCatalog && node.ref !== graph?.root) host.notify(OpenEntityNotification, { ref: node.ref });
  };
  const onNodeKey = (node: PlacedNode) => (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(node);
      return;
    }
    const direction = ARROWS[event.key];
    // Alt+arrows are Back and Forward.
    if (!direction || !layout || event.altKey) return;
    event.preventDefault();
    // The nearest node that lies that way: distance along the direction counts less than across it.
    const [dx, dy] = direction;
    const next = layout.nodes
      .filter((other) => other !== node && (other.x - node.x) * dx + (other.y - node.y) * dy > 0)
      .map((other) => ({ other, cost: Math.abs((other.x - node.x) * dx + (other.y - node.y) * dy) + 3 * Math.abs((other.x - node.x) * dy + (other.y - node.y) * dx) }))
      .sort((a, b) => a.cost - b.cost)[0]?.other;
    if (next) nodeRefs.current.get(next.ref)?.focus();
  };

  return (
    <section className="card graph" aria-labelledby="graph">
      <h2 id="graph">Relations</h2>
      <div className="graph-toolbar">
        <label>
          Depth{' '}
          <select value={depth} onChange={(event) => setDepth(Number(event.target.value))}>
            {[1, 2, 3].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          Direction{' '}
          <select value={direction} onChange={(event) => setDirection(event.target.value as GraphDirection)}>
            {Object.entries(GRAPH_DIRECTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <div className="graph-filters" role="group" aria-label="Relations shown">
          {types.map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                checked={!hidden.has(type)}
                onChange={() => setHidden((current) => (current.has(type) ? new Set([...current].filter((t) => t !== type)) : new Set([...current, type])))}
              />{' '}
              {RELATION_LABELS[type] ?? type}
            </label>
          ))}
        </div>
        <div className="graph-zoom">
          <button type="button" className="secondary icon" title="Zoom In" aria-label="Zoom In" onClick={() => zoom(1.25)}>
            <span className="codicon codicon-zoom-in" aria-hidden="true" />
          </button>
          <button type="button" className="secondary icon" title="Zoom Out" aria-label="Zoom Out" onClick={() => zoom(0.8)}>
            <span className="codicon codicon-zoom-out" aria-hidden="true" />
          </button>
          <button type="button" className="secondary icon" title="Fit" aria-label="Fit" onClick={fit}>
            <span className="codicon codicon-screen-full" aria-hidden="true" />
          </button>
        </div>
      </div>
      {graph === undefined && <p className="empty">Loading…</p>}
      {graph === null && <p className="empty">The graph is not available.</p>}
      {layout && (
        <svg
          ref={svg}
          className="graph-canvas"
          height={HEIGHT}
          role="group"
          aria-label={`Relations graph, ${layout.nodes.length} entities`}
          onWheel={onWheel}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => (drag.current = undefined)}
        >
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrow" />
            </marker>
          </defs>
          <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
            {layout.edges.map((edge) => (
              <g key={`${edge.source} ${edge.type} ${edge.target}`} className="graph-edge">
                <path d={edge.points.map((point, index) => `${index ? 'L' : 'M'} ${point.x} ${point.y}`).join(' ')} markerEnd="url(#arrow)" />
                <rect className="graph-edge-label" x={edge.labelX - edge.labelWidth / 2} y={edge.labelY - 8} width={edge.labelWidth} height={16} rx={3} />
                <text x={edge.labelX} y={edge.labelY} textAnchor="middle" dominantBaseline="middle">
                  {edge.label}
                </text>
              </g>
            ))}
            {layout.nodes.map((node) => (
              <g
                key={node.ref}
                ref={(element) => {
                  if (element) nodeRefs.current.set(node.ref, element);
                  else nodeRefs.current.delete(node.ref);
                }}
                className={`graph-node${node.ref === graph?.root ? ' root' : ''}${node.inCatalog ? '' : ' missing'}`}
                transform={`translate(${node.x - node.width / 2} ${node.y - node.height / 2})`}
                tabIndex={0}
                role="button"
                aria-label={`${node.title}, ${node.kind}${node.ref === graph?.root ? ', this entity' : node.inCatalog ? '' : ', not in the catalog'}`}
                onClick={() => open(node)}
                onKeyDown={onNodeKey(node)}
              >
                <title>{node.ref}</title>
                <rect width={node.width} height={node.height} rx={4} />
                <foreignObject width={node.width} height={node.height}>
                  <div className="graph-label">
                    <span className={kindIconClass(node.kind)} aria-hidden="true" />
                    <span>{node.title}</span>
                  </div>
                </foreignObject>
              </g>
            ))}
          </g>
        </svg>
      )}
      {graph?.truncated && <p className="empty">The neighbourhood is larger than the graph shows: choose a smaller depth.</p>}
    </section>
  );
}
