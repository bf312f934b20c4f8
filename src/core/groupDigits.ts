/**
 * A count as `n.toLocaleString('en-US')` writes it ("20,640"), without Intl. The first Intl formatter a thread builds
 * initializes ICU: 35–60 ms of that thread's time in Chromium here, one task the page cannot split. On the page it fell
 * on the first open of the Trigger dialog (its rules show bounds such as "0 – 4,096"), in workers on a task's first
 * log line; both in the middle of a run. Integers only, which is what every caller passes; anything else (a fraction,
 * -0, NaN, ±Infinity, beyond 2^53) is handed to Intl as before, so the output never differs.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
