/**
 * Finding nodes by id in a graph too large to scan by eye: what the graph view's search box shows as a person types.
 * Pure: the ranking is the whole behaviour, so it is unit-tested here and the view only renders it.
 */


export interface SearchResult {
  /** Matching ids, best first: the id itself, then ids that start with the query, then ids that contain it; ties in the
   * order of `nodes` (the DAG's own order). */
  readonly ids: readonly string[];
  /** How many nodes match in all (`ids` may be cut to `limit`). */
  readonly total: number;
}

/** Matches, best first, case-insensitive; an empty query matches nothing. At most `limit` ids are returned. */
export function searchNodes(nodes: readonly { readonly id: string }[], query: string, limit = Number.POSITIVE_INFINITY): SearchResult {
  const needle = query.trim().toLowerCase();
  if (needle === '') return { ids: [], total: 0 };
  const ranked: { id: string; rank: number; order: number }[] = [];
  nodes.forEach((node, order) => {
    const id = node.id.toLowerCase();
    const at = id.indexOf(needle);
    if (at >= 0) ranked.push({ id: node.id, rank: id === needle ? 0 : at === 0 ? 1 : 2, order });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return { ids: ranked.slice(0, limit).map((r) => r.id), total: ranked.length };
}
