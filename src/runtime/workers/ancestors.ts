// On the main thread (the coordinator names each try's ancestors): kept apart from outputCache.ts, which only
// workers need, so the page's entry chunk does not carry the cache.
/** How many ancestors a try names the writers of (`upstreamTries`): a task further up is read from storage. */
export const NAMED_ANCESTORS = 16;

/**
 * The positions of a task's nearest ancestors, breadth first (its upstream tasks, theirs, …), at most `limit`: the
 * tasks whose output it may read (featurize reads extract's, two steps up). Bounded, so a long chain of tasks costs
 * each try the same few steps.
 */
export function nearestAncestors(upstream: readonly (readonly number[])[], position: number, limit = NAMED_ANCESTORS): number[] {
  const found: number[] = [];
  const seen = new Set<number>([position]);
  for (let next = 0, frontier = [position]; next < frontier.length && found.length < limit; next++) {
    for (const up of upstream[frontier[next]!] ?? []) {
      if (seen.has(up)) continue;
      seen.add(up);
      found.push(up);
      frontier.push(up);
      if (found.length >= limit) break;
    }
  }
  return found;
}
