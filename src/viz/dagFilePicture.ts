import type { DagDefinition } from '../core/dag';
import { scheduledDatasets } from '../core/dag';
import { edgePath, layeredLayout, type GraphLayout, type LaidOutNode } from './layeredLayout';

/** One box of a file's picture: a task of one of its DAGs, or an asset that links a producer to a consumer. */
export interface PictureNode {
  readonly id: string;
  readonly kind: 'task' | 'asset';
  /** The task or asset id, cut to fit its box. */
  readonly label: string;
  /** The DAG a task belongs to (empty for an asset). */
  readonly dagId: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A small static picture of every DAG a file declares, joined by the assets they write and are scheduled on. */
export interface DagFilePicture {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly { readonly key: string; readonly path: string }[];
  /** In words, for people who do not see the picture. */
  readonly description: string;
}

export const PICTURE_NODE = { width: 112, height: 26, columnGap: 22, rowGap: 8 } as const;
/**
 * A graph with more columns than this is folded into bands, one under the other (a snake): the housing lesson's eleven
 * columns in one row would be unreadably small in a card.
 */
export const MAX_COLUMNS_PER_BAND = 6;
const BAND_GAP = 22;
const MAX_LABEL = 16;

const cut = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);
const taskNode = (dagId: string, taskId: string) => `task:${dagId}/${taskId}`;
const assetNode = (assetId: string) => `asset:${assetId}`;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Lays the file's DAGs out as one left-to-right graph: task → task for dependencies, task → asset for an outlet, asset →
 * each first task of a DAG scheduled on it, so a producer/consumer lesson reads as one chain. Pure; the layout is the
 * playground's own layered layout with small boxes.
 */
export function dagFilePicture(dags: readonly DagDefinition[]): DagFilePicture {
  const nodes = new Map<string, { kind: 'task' | 'asset'; label: string; dagId: string }>();
  const edges: { source: string; target: string }[] = [];
  const addAsset = (id: string) => nodes.set(assetNode(id), { kind: 'asset', label: id, dagId: '' });
  for (const dag of dags) {
    for (const task of dag.tasks) {
      nodes.set(taskNode(dag.id, task.id), { kind: 'task', label: task.id, dagId: dag.id });
      for (const up of task.upstream) edges.push({ source: taskNode(dag.id, up), target: taskNode(dag.id, task.id) });
      for (const outlet of task.outlets ?? []) {
        addAsset(outlet);
        edges.push({ source: taskNode(dag.id, task.id), target: assetNode(outlet) });
      }
    }
  }
  for (const dag of dags) {
    for (const asset of scheduledDatasets(dag)) {
      addAsset(asset);
      for (const root of dag.tasks.filter((t) => t.upstream.length === 0)) edges.push({ source: assetNode(asset), target: taskNode(dag.id, root.id) });
    }
  }
  const ids = [...nodes.keys()];
  const layout = layeredLayout(
    ids.map((id) => ({ id })),
    edges,
    { nodeWidth: PICTURE_NODE.width, nodeHeight: PICTURE_NODE.height, columnGap: PICTURE_NODE.columnGap, rowGap: PICTURE_NODE.rowGap },
  );
  const folded = fold(layout);
  const tasks = dags.reduce((sum, dag) => sum + dag.tasks.length, 0);
  const assets = ids.length - tasks;
  const description =
    `${count(dags.length, 'DAG', 'DAGs')} (${dags.map((d) => d.id).join(', ')}) with ${count(tasks, 'task', 'tasks')}` +
    (assets > 0 ? ` and ${count(assets, 'asset', 'assets')} between them` : '');
  return {
    width: folded.width,
    height: folded.height,
    nodes: folded.nodes.map((n) => {
      const node = nodes.get(n.id)!;
      return { id: n.id, kind: node.kind, label: cut(node.label), dagId: node.dagId, x: n.x, y: n.y, width: n.width, height: n.height };
    }),
    edges: folded.edges,
    description,
  };
}

/**
 * Folds a wide layout into bands of MAX_COLUMNS_PER_BAND columns, each band under the previous one and starting at the
 * left. An edge within a band keeps its curve; an edge into a later band leaves its source to the right, goes down
 * into the gap above that band, left, and into its target from the left.
 */
function fold(layout: GraphLayout): { width: number; height: number; nodes: LaidOutNode[]; edges: { key: string; path: string }[] } {
  const band = (n: LaidOutNode) => Math.floor(n.layer / MAX_COLUMNS_PER_BAND);
  const bands = layout.nodes.length === 0 ? 0 : Math.max(...layout.nodes.map(band)) + 1;
  const boxes = Array.from({ length: bands }, (_, b) => {
    const mine = layout.nodes.filter((n) => band(n) === b);
    const left = Math.min(...mine.map((n) => n.x));
    const top = Math.min(...mine.map((n) => n.y));
    return { left, top, width: Math.max(...mine.map((n) => n.x + n.width)) - left, height: Math.max(...mine.map((n) => n.y + n.height)) - top };
  });
  const offsets: number[] = [];
  let y = 0;
  for (const box of boxes) {
    offsets.push(y);
    y += box.height + BAND_GAP;
  }
  const nodes = layout.nodes.map((n) => {
    const b = band(n);
    return { ...n, x: n.x - boxes[b]!.left, y: n.y - boxes[b]!.top + offsets[b]! };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = layout.edges.map((e) => {
    const s = byId.get(e.source)!;
    const t = byId.get(e.target)!;
    const key = `${e.source}>${e.target}`;
    if (band(s) === band(t)) return { key, path: edgePath(s, t) };
    const gutter = offsets[band(t)]! - BAND_GAP / 2;
    const inX = Math.max(t.x - PICTURE_NODE.columnGap / 2, 0);
    const outX = s.x + s.width + PICTURE_NODE.columnGap / 2;
    return { key, path: `M${s.x + s.width},${s.y + s.height / 2}H${outX}V${gutter}H${inX}V${t.y + t.height / 2}H${t.x}` };
  });
  return { width: Math.max(0, ...boxes.map((b) => b.width + PICTURE_NODE.columnGap / 2)), height: Math.max(0, y - BAND_GAP), nodes, edges };
}
