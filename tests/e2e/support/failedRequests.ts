import type { Request } from '@playwright/test';

/**
 * Records a request that failed, unless the page cancelled it by going away: a navigation or reload aborts the chunks
 * the task workers were still loading in idle time (net::ERR_ABORTED), which says nothing about whether the site (from
 * a sub-path, or from the cache offline) answers.
 */
export function recordFailure(failed: string[], request: Request): void {
  const error = request.failure()?.errorText;
  if (error !== 'net::ERR_ABORTED') failed.push(`${request.url()} ${error}`);
}
