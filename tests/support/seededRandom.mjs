// The seeded generator (mulberry32) of src/core/random.ts, for the plain-JavaScript test and bench helpers that cannot
// import TypeScript: deterministic across runs and platforms, so a generated DAG or CSV is the same every time.

/** Numbers in [0, 1) from `seed`. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
