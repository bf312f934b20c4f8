/**
 * Where arrow keys, Home and End move the focus in a list of items that is one Tab stop (a roving tabindex, as in the
 * graph views); undefined for any other key.
 */
export function rovingTarget<T>(ordered: readonly T[], at: number, key: string): T | undefined {
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return ordered[Math.min(ordered.length - 1, at + 1)];
    case 'ArrowUp':
    case 'ArrowLeft':
      return ordered[Math.max(0, at - 1)];
    case 'Home':
      return ordered[0];
    case 'End':
      return ordered.at(-1);
    default:
      return undefined;
  }
}
