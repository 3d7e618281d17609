/**
 * The interactive network: a d3-force simulation (or the hierarchical layout) painted on a canvas, with drag,
 * zoom and pan (d3-drag registered before d3-zoom, so dragging a gene does not pan), click to focus, hover labels
 * and keyboard zoom/pan. React owns the canvas element; d3 and the painter own what is drawn in it.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { drag, pointer, select, zoom, zoomIdentity, type Simulation, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { NetworkData, NetworkEdge } from '../../../src-shared/figures/network-data.ts';
import {
  createForceSimulation,
  hierarchicalLayout,
  seededUniform,
  type ForceNode,
  type Positions,
} from '../../../src-shared/figures/network-layout.ts';
import { buildNetworkScene, hitTestNode, type NetworkScene } from '../../../src-shared/figures/network-scene.ts';
import type { ReferencePair } from '../../../src-shared/figures/reference-marks.ts';
import type { NetworkLayoutKind } from '../../../src-shared/figures/render-network.ts';
import { TEST_IDS } from '../../test-ids.ts';
import { paintNetwork } from './paint-network.ts';

export interface NetworkCanvasProps {
  data: NetworkData;
  /** The edges drawn. */
  edges: NetworkEdge[];
  /**
   * The edges the layout is made from (default: `edges`). The focused gene's extra links are drawn but left out of
   * it: a focus change then costs one redraw, not a new layout animated over a few seconds.
   */
  layoutEdges?: NetworkEdge[];
  layout: NetworkLayoutKind;
  seed: number;
  focus: string | null;
  highlighted: string[];
  hideIsolated: boolean;
  width: number;
  height: number;
  onFocus(gene: string | null): void;
  /** Filled with a function returning the current positions (export draws the same picture). */
  positionsRef: MutableRefObject<() => Positions>;
  /** Changing it recentres and refits the view. */
  resetSignal: number;
  /** Changing it restarts the force layout from fresh seeded positions. */
  relayoutSignal: number;
  /** Reference edges to mark the network against (true/false positives, missed edges dashed); null: no marks. */
  reference?: readonly ReferencePair[] | null;
  /** Edges picked in the edge table (by "source\0target"), drawn on top and wider. */
  highlightedEdges?: ReadonlySet<string> | null;
}

export function NetworkCanvas(props: NetworkCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const nodesRef = useRef(new Map<string, ForceNode>());
  const simulationRef = useRef<Simulation<ForceNode, undefined> | null>(null);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const sceneRef = useRef<NetworkScene | null>(null);
  const frameRef = useRef(0);
  const hoveredRef = useRef<string | null>(null);
  const userMovedRef = useRef(false);
  const lastLayoutRef = useRef<NetworkLayoutKind>(props.layout);
  const followRef = useRef(false);
  const [hovered, setHovered] = useState<{ id: string; x: number; y: number } | null>(null);
  const [counts, setCounts] = useState({ nodes: 0, edges: 0, picked: 0, marks: null as NetworkScene['reference'] | null });

  const positions = useCallback((): Positions => {
    const result: Positions = {};
    for (const [id, node] of nodesRef.current) result[id] = { x: node.x ?? 0, y: node.y ?? 0 };
    return result;
  }, []);
  props.positionsRef.current = positions;

  const draw = useCallback(() => {
    frameRef.current = 0;
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const p = propsRef.current;
    // User Timing marks: the drag benchmark (scripts/bench-network-drag.ts) reads them; they cost nothing otherwise.
    performance.mark('network:draw-start');
    const scene = buildNetworkScene(
      p.data,
      p.edges,
      positions(),
      null,
      {
        nodeRadius: 4,
        minEdgeWidth: 0.5,
        maxEdgeWidth: 4,
        maxLabels: 30,
        hideIsolated: p.hideIsolated,
      },
      { focus: p.focus, highlighted: p.highlighted, reference: p.reference ?? null, highlightedEdges: p.highlightedEdges ?? null },
    );
    sceneRef.current = scene;
    const focused = p.focus && followRef.current ? nodesRef.current.get(p.focus) : undefined;
    if (focused) {
      // d3-zoom keeps its state on the element (__zoom); set it directly so following does not emit zoom events.
      const k = transformRef.current.k;
      const follow = zoomIdentity.translate(-(focused.x ?? 0) * k, -(focused.y ?? 0) * k).scale(k);
      transformRef.current = follow;
      (canvas as unknown as { __zoom: ZoomTransform }).__zoom = follow;
    }
    const t = transformRef.current;
    paintNetwork(
      context,
      scene,
      { width: p.width, height: p.height, devicePixelRatio: window.devicePixelRatio || 1, x: t.x, y: t.y, k: t.k },
      hoveredRef.current,
    );
    performance.measure('network:draw', 'network:draw-start');
    performance.clearMarks('network:draw-start');
    const marks = scene.reference ?? null;
    const picked = scene.edges.filter((edge) => edge.highlighted).length;
    setCounts((previous) =>
      previous.nodes === scene.nodes.length &&
      previous.edges === scene.edges.length &&
      previous.picked === picked &&
      JSON.stringify(previous.marks) === JSON.stringify(marks)
        ? previous
        : { nodes: scene.nodes.length, edges: scene.edges.length, picked, marks },
    );
  }, [positions]);
  const schedule = useCallback(() => {
    if (!frameRef.current) frameRef.current = requestAnimationFrame(draw);
  }, [draw]);

  /** Zooms so every drawn gene fits, with a margin. */
  const fit = useCallback(() => {
    const canvas = canvasRef.current;
    const behaviour = zoomRef.current;
    if (!canvas || !behaviour || followRef.current) return;
    const p = propsRef.current;
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    // Fit what is drawn (hidden isolated genes do not count), at the nodes' current positions: the scene may still
    // hold the previous layout's coordinates.
    const drawnIds = sceneRef.current ? sceneRef.current.nodes.map((node) => node.id) : [...nodesRef.current.keys()];
    for (const id of drawnIds) {
      const node = nodesRef.current.get(id);
      if (!node) continue;
      minX = Math.min(minX, node.x ?? 0);
      maxX = Math.max(maxX, node.x ?? 0);
      minY = Math.min(minY, node.y ?? 0);
      maxY = Math.max(maxY, node.y ?? 0);
    }
    if (!Number.isFinite(minX)) return;
    const k = Math.min(4, 0.9 * Math.min(p.width / Math.max(1, maxX - minX + 40), p.height / Math.max(1, maxY - minY + 40)));
    const transform = zoomIdentity.translate(-((minX + maxX) / 2) * k, -((minY + maxY) / 2) * k).scale(k);
    select(canvas).call(behaviour.transform, transform);
  }, []);

  // Layout: a live simulation for the force layout, fixed positions for the hierarchical one.
  useEffect(() => {
    const { data, layout, seed, width, height } = propsRef.current;
    const edges = propsRef.current.layoutEdges ?? propsRef.current.edges;
    const previous = nodesRef.current;
    const random = seededUniform(seed ^ 0x9e3779b9);
    const spread = Math.sqrt(data.nodes.length) * 20;
    const nodes = new Map<string, ForceNode>();
    for (const node of data.nodes) {
      const old = previous.get(node.id);
      nodes.set(
        node.id,
        old && layout === 'force'
          ? { id: node.id, x: old.x, y: old.y }
          : { id: node.id, x: (random() - 0.5) * spread, y: (random() - 0.5) * spread },
      );
    }
    nodesRef.current = nodes;
    if (layout !== lastLayoutRef.current) {
      userMovedRef.current = false;
      lastLayoutRef.current = layout;
    }
    if (layout === 'hierarchical') {
      const placed = hierarchicalLayout(data, edges, { width: Math.max(400, width - 60), height: Math.max(300, height - 60) });
      for (const node of nodes.values()) {
        const point = placed[node.id] ?? { x: 0, y: 0 };
        node.x = node.fx = point.x - (width - 60) / 2;
        node.y = node.fy = point.y - (height - 60) / 2;
      }
      if (!userMovedRef.current) fit();
      schedule();
      return;
    }
    // With isolated genes hidden, only genes with edges take part: hidden genes would still pull the centre of mass
    // (forceCenter) away from the drawn ones.
    const linked = new Set<string>();
    for (const edge of edges) {
      linked.add(edge.source);
      linked.add(edge.target);
    }
    // Genes that only a missed reference edge touches are drawn too (network-scene.ts), so they take part.
    for (const edge of propsRef.current.reference ?? []) {
      if (nodes.has(edge.source) && nodes.has(edge.target) && edge.source !== edge.target) {
        linked.add(edge.source);
        linked.add(edge.target);
      }
    }
    const simulated = propsRef.current.hideIsolated ? [...nodes.values()].filter((node) => linked.has(node.id)) : [...nodes.values()];
    const simulation = createForceSimulation(simulated, edges, seed) as unknown as Simulation<ForceNode, undefined>;
    // Fit once the layout has roughly taken shape (alpha below 0.3, about a second) and again when it comes to rest,
    // unless the user has zoomed or panned meanwhile.
    let roughFit = false;
    simulation
      .alpha(previous.size ? 0.5 : 1)
      .on('tick', () => {
        if (!roughFit && simulation.alpha() < 0.3) {
          roughFit = true;
          if (!userMovedRef.current) fit();
        }
        schedule();
      })
      .on('end', () => {
        if (!userMovedRef.current) fit();
      });
    simulationRef.current = simulation;
    schedule();
    return () => {
      simulation.stop();
      simulationRef.current = null;
    };
    // relayoutSignal: a new seeded start on request.
  }, [
    props.data,
    props.layoutEdges ?? props.edges,
    props.layout,
    props.seed,
    props.relayoutSignal,
    props.width,
    props.height,
    props.hideIsolated,
    props.reference,
    schedule,
    fit,
  ]);

  // Redraw for focus, its extra links and search highlights.
  useEffect(schedule, [props.focus, props.edges, props.highlighted, props.highlightedEdges, schedule]);

  // A gene the layout left out (no edge passes the sliders, isolated genes hidden) that the focus brings in is placed
  // on a ring around the gene it is linked to, instead of where the seeded start left it, far from the picture.
  useEffect(() => {
    const { layoutEdges, edges, hideIsolated, layout, focus } = propsRef.current;
    if (!layoutEdges || !hideIsolated || layout !== 'force') return;
    const laidOut = new Set<string>();
    for (const edge of layoutEdges) {
      laidOut.add(edge.source);
      laidOut.add(edge.target);
    }
    // The focused gene stays where it is (it is followed to the middle) and its new neighbours gather around it.
    const placed = new Set(focus === null ? laidOut : [...laidOut, focus]);
    const extra = edges.filter((edge) => !laidOut.has(edge.source) || !laidOut.has(edge.target));
    for (const [index, edge] of extra.entries()) {
      for (const [gene, anchor] of [
        [edge.source, edge.target],
        [edge.target, edge.source],
      ]) {
        const node = nodesRef.current.get(gene);
        const at = nodesRef.current.get(anchor);
        if (!node || !at || placed.has(gene)) continue;
        const angle = (2 * Math.PI * index) / Math.max(1, extra.length);
        node.x = (at.x ?? 0) + 40 * Math.cos(angle);
        node.y = (at.y ?? 0) + 40 * Math.sin(angle);
        placed.add(gene);
      }
    }
    schedule();
  }, [props.edges, props.layoutEdges, schedule]);

  // Canvas size in device pixels.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(props.width * dpr);
    canvas.height = Math.round(props.height * dpr);
    schedule();
  }, [props.width, props.height, schedule]);

  // Drag genes, then zoom and pan on the background.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const toLayout = (event: Event): { x: number; y: number } => {
      const [px, py] = pointer(event, canvas);
      const t = transformRef.current;
      const p = propsRef.current;
      return { x: (px - p.width / 2 - t.x) / t.k, y: (py - p.height / 2 - t.y) / t.k };
    };
    const dragBehaviour = drag<HTMLCanvasElement, unknown, ForceNode | undefined>()
      .subject((event) => {
        const scene = sceneRef.current;
        if (!scene) return undefined;
        const point = toLayout(event.sourceEvent as Event);
        const hit = hitTestNode(scene, point.x, point.y, 3 / transformRef.current.k);
        return hit ? nodesRef.current.get(hit.id) : undefined;
      })
      .on('start', (event) => {
        const node = event.subject as ForceNode;
        followRef.current = false;
        if (!event.active) simulationRef.current?.alphaTarget(0.3).restart();
        node.fx = node.x;
        node.fy = node.y;
      })
      .on('drag', (event) => {
        const node = event.subject as ForceNode;
        const point = toLayout(event.sourceEvent as Event);
        node.fx = point.x;
        node.fy = point.y;
        if (!simulationRef.current) {
          node.x = point.x;
          node.y = point.y;
        }
        schedule();
      })
      .on('end', (event) => {
        const node = event.subject as ForceNode;
        if (!event.active) simulationRef.current?.alphaTarget(0);
        // Force layout: let the gene settle among its neighbours; hierarchical: it stays where it was dropped.
        if (simulationRef.current) {
          node.fx = null;
          node.fy = null;
        }
      });
    const zoomBehaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.05, 16])
      .on('zoom', (event) => {
        transformRef.current = event.transform;
        if (event.sourceEvent) {
          userMovedRef.current = true;
          followRef.current = false;
        }
        schedule();
      });
    zoomRef.current = zoomBehaviour;
    select(canvas).call(dragBehaviour).call(zoomBehaviour).on('dblclick.zoom', null);
    return () => {
      select(canvas).on('.drag', null).on('.zoom', null);
    };
  }, [schedule]);

  useEffect(() => {
    userMovedRef.current = false;
    followRef.current = false;
    fit();
  }, [props.resetSignal, fit]);

  // Follow the focused gene: it stays in the middle while the layout settles around its new links, until the user
  // pans, zooms or drags.
  useEffect(() => {
    followRef.current = props.focus !== null;
    schedule();
  }, [props.focus, schedule]);

  const hitAt = (clientX: number, clientY: number) => {
    const canvas = canvasRef.current;
    const scene = sceneRef.current;
    if (!canvas || !scene) return null;
    const rect = canvas.getBoundingClientRect();
    const t = transformRef.current;
    const x = (clientX - rect.left - props.width / 2 - t.x) / t.k;
    const y = (clientY - rect.top - props.height / 2 - t.y) / t.k;
    return hitTestNode(scene, x, y, 3 / t.k);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLCanvasElement>) => {
    const canvas = canvasRef.current;
    const behaviour = zoomRef.current;
    if (!canvas || !behaviour) return;
    const selection = select(canvas);
    const step = 40 / transformRef.current.k;
    const actions: Record<string, () => void> = {
      '+': () => selection.call(behaviour.scaleBy, 1.25),
      '=': () => selection.call(behaviour.scaleBy, 1.25),
      '-': () => selection.call(behaviour.scaleBy, 0.8),
      ArrowLeft: () => selection.call(behaviour.translateBy, step, 0),
      ArrowRight: () => selection.call(behaviour.translateBy, -step, 0),
      ArrowUp: () => selection.call(behaviour.translateBy, 0, step),
      ArrowDown: () => selection.call(behaviour.translateBy, 0, -step),
      '0': () => fit(),
      Escape: () => props.onFocus(null),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div className="network-canvas" style={{ width: props.width, height: props.height }}>
      <canvas
        ref={canvasRef}
        tabIndex={0}
        style={{ width: props.width, height: props.height }}
        data-testid={TEST_IDS.network.canvas}
        data-node-count={counts.nodes}
        data-edge-count={counts.edges}
        data-highlighted={props.highlighted.length}
        data-highlighted-edges={counts.picked}
        data-true-positives={counts.marks?.truePositives}
        data-false-positives={counts.marks?.falsePositives}
        data-missed={counts.marks?.missed}
        aria-label={`Network of ${counts.nodes} genes and ${counts.edges} edges. Drag genes, scroll to zoom, drag the background to pan; keys: + and − zoom, arrows pan, 0 fits, Escape clears the focus.`}
        onClick={(event) => {
          const hit = hitAt(event.clientX, event.clientY);
          props.onFocus(hit ? hit.id : null);
        }}
        onPointerMove={(event) => {
          const hit = hitAt(event.clientX, event.clientY);
          const id = hit?.id ?? null;
          if (id !== hoveredRef.current) {
            hoveredRef.current = id;
            setHovered(hit ? { id: hit.id, x: event.nativeEvent.offsetX, y: event.nativeEvent.offsetY } : null);
            schedule();
          }
        }}
        onPointerLeave={() => {
          hoveredRef.current = null;
          setHovered(null);
          schedule();
        }}
        onKeyDown={onKeyDown}
      />
      {hovered && (
        <div className="tooltip" style={{ left: hovered.x + 12, top: hovered.y + 12 }}>
          {hovered.id}
          {propsRef.current.data.nodes.find((node) => node.id === hovered.id)?.isTF ? ' (TF)' : ''}
        </div>
      )}
    </div>
  );
}
